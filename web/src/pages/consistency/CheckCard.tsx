import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RangeQuery } from '../../api/endpoints.ts';
import type { CheckSummary } from '../../api/schemas/checks.ts';
import { Section } from '../../components/Section.tsx';
import { formatCount, formatPercent } from '../../format/number.ts';
import { formatClock, formatInstant } from '../../format/time.ts';
import { CheckViolations } from './CheckViolations.tsx';

/** One check: its figures, violations over the range, and the journeys that violate it. */
export function CheckCard({
  check,
  range,
  timeKey,
  carry,
}: {
  check: CheckSummary;
  range: RangeQuery;
  timeKey: string;
  carry: string;
}) {
  return (
    <Section
      title={check.title}
      id={`check-${check.id}`}
      actions={
        <span className={`pill severity-${check.severity}`} data-field="severity">
          {check.severity}
        </span>
      }
    >
      <div className="stat-row">
        <div className="stat">
          <div className="stat-label">Violations</div>
          <div className={`stat-value${check.violations > 0 ? ' level-bad' : ''}`} data-field="violations">
            {formatCount(check.violations)}
          </div>
        </div>
        <div className="stat">
          <div className="stat-label">Rate</div>
          <div className="stat-value" data-field="rate">
            {formatPercent(check.rate)}
          </div>
        </div>
        <div className="stat">
          <div className="stat-label">Journeys judged</div>
          <div className="stat-value" data-field="journeys">
            {formatCount(check.journeys)}
          </div>
        </div>
        <div className="stat">
          <div className="stat-label">Rule</div>
          <div className="stat-value small mono">
            {check.kind} on {check.step}
          </div>
        </div>
      </div>
      <figure className="chart-box" aria-label={`${check.title}: violations over time`}>
        <ResponsiveContainer width="100%" height={90}>
          <BarChart data={check.trend.points} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={[range.fromMs, range.toMs]}
              tickFormatter={formatClock}
              stroke="var(--muted)"
              fontSize={11}
            />
            <YAxis allowDecimals={false} stroke="var(--muted)" fontSize={11} width={40} />
            <Tooltip
              labelFormatter={(t) => formatInstant(Number(t))}
              contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }}
            />
            <Bar dataKey="violations" fill="var(--bad)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      {check.violations > 0 && (
        <CheckViolations checkId={check.id} range={range} timeKey={timeKey} carry={carry} />
      )}
    </Section>
  );
}
