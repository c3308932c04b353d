import { Link, useSearchParams } from 'react-router-dom';
import type { LinkStep } from '../../api/schemas/link.ts';
import type { StepGroup, StepStats } from '../../api/schemas/steps.ts';
import { pointChange, relativeChange } from '../../compare/change.ts';
import { ChangeBadge } from '../../components/ChangeBadge.tsx';
import { formatMs } from '../../format/duration.ts';
import { formatCount, formatPercent, ratio } from '../../format/number.ts';
import { latencyLevel, rateLevel, type StepTargets } from '../../overview/levels.ts';
import { carryOver, stepPageHref } from '../../url/filters.ts';

const QUANTILES = [
  { key: 'p50', label: 'p50' },
  { key: 'p90', label: 'p90' },
  { key: 'p95', label: 'p95' },
  { key: 'p99', label: 'p99' },
  { key: 'p999', label: 'p99.9' },
  { key: 'max', label: 'max' },
] as const;

/** Per-step counts, rates and quantiles, coloured against the step's SLO and timeout budget. */
export function StepTable({
  steps,
  linkSteps,
  previous,
}: {
  steps: StepStats[];
  linkSteps: LinkStep[];
  /** The same table over the earlier window (compare=): each figure shows its change. */
  previous?: StepStats[];
}) {
  const [params] = useSearchParams();
  const search = (step: string) => {
    const next = carryOver(params);
    next.set('step', step);
    return `/traces?${next}`;
  };
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label="Step latency">
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col" className="num">
              Count
            </th>
            <th scope="col" className="num">
              Error %
            </th>
            <th scope="col" className="num">
              Timeout %
            </th>
            {QUANTILES.map((q) => (
              <th key={q.key} scope="col" className="num">
                {q.label}
              </th>
            ))}
            <th scope="col" className="num">
              SLO p99
            </th>
            <th scope="col" className="num">
              Budget
            </th>
            <th scope="col" className="num" title="p99.9 with headroom, from what was observed">
              Suggested
            </th>
          </tr>
        </thead>
        <tbody>
          {steps.map((s) => {
            const def = linkSteps.find((l) => l.id === s.step);
            const targets: StepTargets = {
              sloP99Ms: def?.sloP99Ms,
              timeoutMs: s.timeoutMs ?? def?.timeoutMs,
            };
            const before = previous?.find((p) => p.step === s.step);
            return [
              <tr key={s.step} data-step={s.step}>
                <th scope="row">
                  <Link to={stepPageHref(s.step, params)}>{s.title ?? def?.title ?? s.step}</Link>{' '}
                  <Link className="secondary-link" to={search(s.step)} aria-label={`Traces of ${s.step}`}>
                    traces
                  </Link>
                </th>
                <StatCells row={s} targets={targets} previous={before} />
                <td className="num">{formatMs(def?.sloP99Ms)}</td>
                <td className="num">{formatMs(targets.timeoutMs)}</td>
                <td className="num">{formatMs(s.suggestedTimeoutMs)}</td>
              </tr>,
              ...s.groups.map((g) => (
                <tr
                  key={`${s.step}/${groupLabel(g)}`}
                  className="group-row"
                  data-step={s.step}
                  data-group={groupLabel(g)}
                >
                  <th scope="row" className="group-label">
                    {groupLabel(g)}
                  </th>
                  <StatCells
                    row={g}
                    targets={targets}
                    previous={before?.groups.find((p) => groupLabel(p) === groupLabel(g))}
                  />
                  <td colSpan={3} />
                </tr>
              )),
            ];
          })}
        </tbody>
      </table>
    </div>
  );
}

function groupLabel(g: StepGroup): string {
  return Object.values(g.key).join(' · ') || '(none)';
}

function StatCells({
  row,
  targets,
  previous,
}: {
  row: StepStats | StepGroup;
  targets: StepTargets;
  previous?: StepStats | StepGroup;
}) {
  const errorRate = ratio(row.errors, row.count);
  const timeoutRate = ratio(row.timeouts, row.count);
  const rate = (r: StepStats | StepGroup, n: number) => ratio(n, r.count);
  return (
    <>
      <td className="num" data-col="count">
        <span data-value>{formatCount(row.count)}</span>
        {previous && <ChangeBadge change={relativeChange(row.count, previous.count, false)} />}
      </td>
      <td className={`num level-${rateLevel(errorRate)}`} data-col="errors" title={`${row.errors} errors`}>
        <span data-value>{formatPercent(errorRate)}</span>
        {previous && <ChangeBadge change={pointChange(errorRate, rate(previous, previous.errors), true)} />}
      </td>
      <td
        className={`num level-${rateLevel(timeoutRate)}`}
        data-col="timeouts"
        title={`${row.timeouts} timeouts`}
      >
        <span data-value>{formatPercent(timeoutRate)}</span>
        {previous && (
          <ChangeBadge change={pointChange(timeoutRate, rate(previous, previous.timeouts), true)} />
        )}
      </td>
      {QUANTILES.map((q) => (
        <td key={q.key} className={`num level-${latencyLevel(row[q.key], targets)}`} data-col={q.key}>
          <span data-value>{formatMs(row[q.key])}</span>
          {previous && <ChangeBadge change={relativeChange(row[q.key], previous[q.key])} />}
        </td>
      ))}
    </>
  );
}
