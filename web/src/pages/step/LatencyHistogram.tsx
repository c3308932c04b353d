import { useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Bucket } from '../../drilldown/histogram.ts';
import { bandOfBuckets, bucketInBand, histogramRows, type LatencyBand } from '../../drilldown/histogram.ts';
import { formatMs } from '../../format/duration.ts';
import { formatCount } from '../../format/number.ts';

const boundLabel = (leMs: number | null) => (leMs === null ? '+Inf' : `≤ ${formatMs(leMs)}`);

/**
 * Spans per latency bucket (log-spaced), the earlier window beside them when comparing; dragging
 * across buckets selects that band.
 */
export function LatencyHistogram({
  buckets,
  previous,
  band,
  onSelect,
}: {
  buckets: Bucket[];
  previous?: Bucket[];
  band: LatencyBand;
  onSelect: (band: LatencyBand) => void;
}) {
  const rows = histogramRows(buckets, previous);
  const bounds = buckets.map((b) => b.leMs);
  const [drag, setDrag] = useState<{ from: number; to: number } | undefined>();
  const indexOf = (state: { activeLabel?: string | number } | null | undefined) =>
    state?.activeLabel === undefined ? undefined : Number(state.activeLabel);
  const selected = rows.filter((r) => bucketInBand(bounds, r.index, band)).map((r) => r.index);
  const shown =
    drag ??
    (selected.length > 0 && selected.length < rows.length
      ? {
          from: selected[0]!,
          to: selected.at(-1)!,
        }
      : undefined);
  return (
    <div className="chart-box histogram" data-testid="latency-histogram">
      <ResponsiveContainer width="100%" height={220}>
        <BarChart
          data={rows}
          margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          barGap={0}
          onMouseDown={(state) => {
            const i = indexOf(state);
            if (i !== undefined) setDrag({ from: i, to: i });
          }}
          onMouseMove={(state) => {
            const i = indexOf(state);
            if (drag && i !== undefined) setDrag({ ...drag, to: i });
          }}
          onMouseUp={() => {
            if (drag) onSelect(bandOfBuckets(bounds, drag.from, drag.to));
            setDrag(undefined);
          }}
        >
          <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="index"
            tickFormatter={(i: number) => boundLabel(bounds[i] ?? null)}
            stroke="var(--muted)"
            fontSize={11}
            minTickGap={12}
          />
          <YAxis
            tickFormatter={(v: number) => formatCount(v)}
            stroke="var(--muted)"
            fontSize={11}
            width={50}
          />
          <Tooltip
            labelFormatter={(i) => `latency ${boundLabel(bounds[Number(i)] ?? null)}`}
            formatter={(v) => formatCount(Number(v))}
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }}
          />
          {previous && <Legend wrapperStyle={{ fontSize: 11 }} />}
          <Bar dataKey="count" name="spans" fill="var(--series-1)" isAnimationActive={false} />
          {previous && (
            <Bar
              dataKey="previous"
              name="earlier window"
              fill="var(--series-2)"
              fillOpacity={0.55}
              isAnimationActive={false}
            />
          )}
          {shown && (
            <ReferenceArea
              x1={Math.min(shown.from, shown.to)}
              x2={Math.max(shown.from, shown.to)}
              fill="var(--series-3)"
              fillOpacity={0.15}
              stroke="var(--series-3)"
            />
          )}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
