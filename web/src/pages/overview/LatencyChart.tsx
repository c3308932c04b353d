import { Link, useSearchParams } from 'react-router-dom';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { fetchSeries } from '../../api/endpoints.ts';
import type { LinkStep } from '../../api/schemas/link.ts';
import { stepTitle } from '../../api/schemas/link.ts';
import { Load } from '../../components/States.tsx';
import { formatMs } from '../../format/duration.ts';
import { formatClock, formatInstant } from '../../format/time.ts';
import { rangeKey, useTime } from '../../hooks/TimeContext.tsx';
import { useApi } from '../../hooks/useApi.ts';
import { useFilters } from '../../hooks/useFilters.ts';
import { stepPageHref } from '../../url/filters.ts';
import { bucketForRange, formatBucket } from '../../url/timeRange.ts';

const LINES = [
  { key: 'p50', color: 'var(--series-1)' },
  { key: 'p90', color: 'var(--series-2)' },
  { key: 'p99', color: 'var(--series-3)' },
] as const;

/** p50/p90/p99 over time for one step, with the SLO as a reference line. */
export function LatencyChart({ step }: { step: LinkStep }) {
  const time = useTime();
  const [params] = useSearchParams();
  const bucket = formatBucket(bucketForRange(time.range));
  const { filters, filtersKey } = useFilters();
  const series = useApi(`series-${step.id}-${bucket}-${rangeKey(time)}-${filtersKey}`, (signal) =>
    fetchSeries(time.range, step.id, bucket, filters, signal),
  );
  return (
    <figure className="chart-card" data-testid={`series-${step.id}`}>
      <figcaption>
        <Link className="chart-title" to={stepPageHref(step.id, params)}>
          {stepTitle(step)}
        </Link>
        {series.data && <LatestFigures points={series.data.points} />}
      </figcaption>
      <Load
        value={series}
        skeletonRows={3}
        isEmpty={(d) => d.points.every((p) => p.count === 0)}
        empty="No spans of this step."
      >
        {(data) => (
          <div className="chart-box">
            <ResponsiveContainer width="100%" height={160}>
              <LineChart data={data.points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
                <XAxis
                  dataKey="t"
                  type="number"
                  scale="time"
                  domain={[time.range.fromMs, time.range.toMs]}
                  tickFormatter={formatClock}
                  stroke="var(--muted)"
                  fontSize={11}
                />
                <YAxis
                  tickFormatter={(v: number) => formatMs(v)}
                  stroke="var(--muted)"
                  fontSize={11}
                  width={60}
                />
                <Tooltip
                  labelFormatter={(t) => formatInstant(Number(t))}
                  formatter={(v) => formatMs(Number(v))}
                  contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }}
                />
                <Legend wrapperStyle={{ fontSize: 11 }} />
                {step.sloP99Ms && (
                  <ReferenceLine
                    y={step.sloP99Ms}
                    stroke="var(--warn)"
                    strokeDasharray="4 4"
                    label={{ value: 'SLO', fontSize: 10, fill: 'var(--muted)' }}
                  />
                )}
                {LINES.map((l) => (
                  <Line
                    key={l.key}
                    dataKey={l.key}
                    stroke={l.color}
                    dot={false}
                    isAnimationActive={false}
                    connectNulls
                    strokeWidth={1.5}
                  />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </div>
        )}
      </Load>
    </figure>
  );
}

function LatestFigures({ points }: { points: { p50: number | null; p99: number | null; count: number }[] }) {
  const last = [...points].reverse().find((p) => p.count > 0);
  if (!last) return null;
  return (
    <span className="chart-latest" data-testid="latest">
      latest p50 <b data-testid="latest-p50">{formatMs(last.p50)}</b> · p99{' '}
      <b data-testid="latest-p99">{formatMs(last.p99)}</b>
    </span>
  );
}
