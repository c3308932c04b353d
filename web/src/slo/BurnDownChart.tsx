import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { fetchSloSeries } from '../api/endpoints.ts';
import type { SloStatus } from '../api/schemas/slos.ts';
import { Load } from '../components/States.tsx';
import { formatClock, formatDay, formatInstant } from '../format/time.ts';
import { useApi } from '../hooks/useApi.ts';
import { burnDownBucket, formatPercent } from './sloFigures.ts';

/** The API reads at most 31 days of series at once. */
const MAX_RANGE_MS = 31 * 86_400_000;

/** Budget remaining over the SLO's window, each point over the window ending there. */
export function BurnDownChart({ slo, atMs }: { slo: SloStatus; atMs: number }) {
  const range = { fromMs: atMs - Math.min(slo.windowMs, MAX_RANGE_MS), toMs: atMs };
  const bucket = burnDownBucket(slo.windowMs);
  const series = useApi(`slo-series-${slo.step}-${atMs}-${bucket}`, (signal) =>
    fetchSloSeries(slo.step, range, bucket, signal),
  );
  return (
    <Load
      value={series}
      skeletonRows={3}
      isEmpty={(d) => d.points.every((p) => p.total === 0)}
      empty="No spans of this step over the window."
    >
      {(data) => (
        <div className="chart-box" data-testid="slo-burn-down">
          <ResponsiveContainer width="100%" height={140}>
            <LineChart data={data.points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
              <XAxis
                dataKey="t"
                type="number"
                scale="time"
                domain={[range.fromMs, range.toMs]}
                tickFormatter={slo.windowMs > 2 * 86_400_000 ? formatDay : formatClock}
                stroke="var(--muted)"
                fontSize={11}
              />
              <YAxis
                tickFormatter={(v: number) => formatPercent(v)}
                stroke="var(--muted)"
                fontSize={11}
                width={56}
              />
              <Tooltip
                labelFormatter={(t) => formatInstant(Number(t))}
                formatter={(v) => [formatPercent(Number(v)), 'budget remaining']}
                contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }}
              />
              <ReferenceLine y={0} stroke="var(--bad)" strokeDasharray="4 4" />
              <Line
                dataKey="budgetRemaining"
                stroke="var(--series-1)"
                // A window with data at a point or two only would draw no line: show those points.
                dot={data.points.filter((p) => p.total > 0).length <= 2}
                isAnimationActive={false}
                connectNulls
                strokeWidth={1.5}
              />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </Load>
  );
}
