import { useEffect, useRef, useState } from 'react';
import {
  type Cell,
  cellAt,
  cellRect,
  type GridLayout,
  type HeatmapData,
  maxCount,
  shade,
} from '../../drilldown/heatmapGrid.ts';
import { occupiedRange } from '../../drilldown/histogram.ts';
import { formatMs } from '../../format/duration.ts';
import { formatCount } from '../../format/number.ts';
import { formatClock } from '../../format/time.ts';

const HEIGHT = 240;

/**
 * Spans per (time bucket, latency bucket) on a canvas: thousands of cells paint in one pass, where
 * an SVG chart would create an element each. Dragging a rectangle selects a time slice and a band.
 */
export function LatencyHeatmap({
  heatmap,
  selected,
  onSelect,
}: {
  heatmap: HeatmapData;
  /** The current selection's corner cells, outlined until the next drag. */
  selected?: { from: Cell; to: Cell };
  onSelect: (from: Cell, to: Cell) => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [drag, setDrag] = useState<{ from: Cell; to: Cell } | undefined>();
  const [hover, setHover] = useState<Cell | undefined>();
  const totals = heatmap.leMs.map((_, j) =>
    heatmap.counts.reduce((sum, column) => sum + (column[j] ?? 0), 0),
  );
  const rows = occupiedRange(totals.map((count, j) => ({ leMs: heatmap.leMs[j] ?? null, count }))) ?? [0, 0];
  const layout: GridLayout = { width, height: HEIGHT, columns: heatmap.t.length, rows };

  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    setWidth(element.clientWidth);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context || width === 0) return;
    const ratio = window.devicePixelRatio || 1;
    element.width = Math.round(width * ratio);
    element.height = Math.round(HEIGHT * ratio);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, HEIGHT);
    const styles = getComputedStyle(element);
    const ink = styles.getPropertyValue('--series-1').trim() || '#0b5cad';
    const max = maxCount(heatmap);
    context.fillStyle = ink;
    heatmap.counts.forEach((column, c) => {
      for (let j = rows[0]; j <= rows[1]; j++) {
        const level = shade(column[j] ?? 0, max);
        if (level === 0) continue;
        const r = cellRect(layout, { column: c, bucket: j });
        context.globalAlpha = 0.12 + 0.88 * level;
        context.fillRect(r.x, r.y, Math.ceil(r.w), Math.ceil(r.h));
      }
    });
    context.globalAlpha = 1;
    const outline = drag ?? selected;
    if (outline) {
      const top = Math.min(rows[1], Math.max(outline.from.bucket, outline.to.bucket));
      const bottom = Math.max(rows[0], Math.min(outline.from.bucket, outline.to.bucket));
      const a = cellRect(layout, { column: Math.min(outline.from.column, outline.to.column), bucket: top });
      const b = cellRect(layout, {
        column: Math.max(outline.from.column, outline.to.column),
        bucket: bottom,
      });
      context.strokeStyle = styles.getPropertyValue('--series-3').trim() || '#c1121f';
      context.lineWidth = 2;
      context.strokeRect(a.x, a.y, b.x + b.w - a.x, b.y + b.h - a.y);
    }
  });

  const cellOf = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return cellAt(layout, event.clientX - box.left, event.clientY - box.top);
  };
  const hovered = hover && {
    time: heatmap.t[hover.column],
    leMs: heatmap.leMs[hover.bucket],
    count: heatmap.counts[hover.column]?.[hover.bucket] ?? 0,
  };

  return (
    <div className="heatmap" data-testid="latency-heatmap">
      <div className="heatmap-axis-y">
        <span>{formatBound(heatmap.leMs[rows[1]])}</span>
        <span>{formatBound(heatmap.leMs[rows[0]])}</span>
      </div>
      <div className="heatmap-plot">
        <canvas
          ref={canvas}
          className="heatmap-canvas"
          style={{ height: HEIGHT }}
          role="img"
          aria-label={`Latency heatmap: ${heatmap.t.length} time buckets × ${rows[1] - rows[0] + 1} latency buckets`}
          onPointerDown={(e) => {
            e.currentTarget.setPointerCapture(e.pointerId);
            const cell = cellOf(e);
            setDrag({ from: cell, to: cell });
          }}
          onPointerMove={(e) => {
            const cell = cellOf(e);
            setHover(cell);
            if (drag) setDrag({ ...drag, to: cell });
          }}
          onPointerUp={(e) => {
            if (drag) onSelect(drag.from, cellOf(e));
            setDrag(undefined);
          }}
          onPointerLeave={() => setHover(undefined)}
        />
        <div className="heatmap-axis-x">
          <span>{heatmap.t[0] === undefined ? '' : formatClock(heatmap.t[0])}</span>
          <span data-testid="heatmap-hover">
            {hovered?.time !== undefined &&
              `${formatClock(hovered.time)} · ${formatBound(hovered.leMs)}: ${formatCount(hovered.count)} spans`}
          </span>
          <span>{heatmap.t.length === 0 ? '' : formatClock((heatmap.t.at(-1) ?? 0) + heatmap.bucketMs)}</span>
        </div>
      </div>
    </div>
  );
}

function formatBound(leMs: number | null | undefined): string {
  return leMs === null ? '+Inf' : leMs === undefined ? '' : `≤ ${formatMs(leMs)}`;
}
