import { Link, useSearchParams } from 'react-router-dom';
import type { LinkStep } from '../../api/schemas/link.ts';
import type { StepGroup, StepStats } from '../../api/schemas/steps.ts';
import { formatMs } from '../../format/duration.ts';
import { formatCount, formatPercent, ratio } from '../../format/number.ts';
import { latencyLevel, rateLevel, type StepTargets } from '../../overview/levels.ts';
import { carryOver } from '../../url/filters.ts';

const QUANTILES = [
  { key: 'p50', label: 'p50' },
  { key: 'p90', label: 'p90' },
  { key: 'p95', label: 'p95' },
  { key: 'p99', label: 'p99' },
  { key: 'p999', label: 'p99.9' },
  { key: 'max', label: 'max' },
] as const;

/** Per-step counts, rates and quantiles, coloured against the step's SLO and timeout budget. */
export function StepTable({ steps, linkSteps }: { steps: StepStats[]; linkSteps: LinkStep[] }) {
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
            return [
              <tr key={s.step} data-step={s.step}>
                <th scope="row">
                  <Link to={search(s.step)}>{s.title ?? def?.title ?? s.step}</Link>
                </th>
                <StatCells row={s} targets={targets} />
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
                  <StatCells row={g} targets={targets} />
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

function StatCells({ row, targets }: { row: StepStats | StepGroup; targets: StepTargets }) {
  const errorRate = ratio(row.errors, row.count);
  const timeoutRate = ratio(row.timeouts, row.count);
  return (
    <>
      <td className="num" data-col="count">
        {formatCount(row.count)}
      </td>
      <td className={`num level-${rateLevel(errorRate)}`} data-col="errors" title={`${row.errors} errors`}>
        {formatPercent(errorRate)}
      </td>
      <td
        className={`num level-${rateLevel(timeoutRate)}`}
        data-col="timeouts"
        title={`${row.timeouts} timeouts`}
      >
        {formatPercent(timeoutRate)}
      </td>
      {QUANTILES.map((q) => (
        <td key={q.key} className={`num level-${latencyLevel(row[q.key], targets)}`} data-col={q.key}>
          {formatMs(row[q.key])}
        </td>
      ))}
    </>
  );
}
