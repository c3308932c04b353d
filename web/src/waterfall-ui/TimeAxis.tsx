import { type PointerEvent, useRef, useState } from 'react';
import type { Tick } from '../waterfall/ticks.ts';

/**
 * The time axis above the rows: tick labels, and a drag across it selects a window to zoom into
 * (fractions of the visible width are handed to `onZoom`).
 */
export function TimeAxis({ ticks, onZoom }: { ticks: Tick[]; onZoom: (a: number, b: number) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const fractionAt = (e: PointerEvent) => {
    const rect = ref.current!.getBoundingClientRect();
    return Math.max(0, Math.min(1, (e.clientX - rect.left) / rect.width));
  };
  return (
    <div
      ref={ref}
      className="wf-axis"
      title="Drag to zoom into a time window"
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        const f = fractionAt(e);
        setDrag({ a: f, b: f });
      }}
      onPointerMove={(e) => {
        if (drag) setDrag({ ...drag, b: fractionAt(e) });
      }}
      onPointerUp={() => {
        if (drag && Math.abs(drag.b - drag.a) > 0.005) onZoom(drag.a, drag.b);
        setDrag(null);
      }}
      onPointerCancel={() => setDrag(null)}
      data-testid="time-axis"
    >
      {ticks.map((t) => (
        <span key={t.offsetMs} className="wf-tick" style={{ left: `${t.fraction * 100}%` }}>
          {t.label}
        </span>
      ))}
      {drag && (
        <span
          className="wf-axis-selection"
          style={{ left: `${Math.min(drag.a, drag.b) * 100}%`, width: `${Math.abs(drag.b - drag.a) * 100}%` }}
        />
      )}
    </div>
  );
}
