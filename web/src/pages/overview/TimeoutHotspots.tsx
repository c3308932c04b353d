import { Link, useSearchParams } from 'react-router-dom';
import type { LinkStep } from '../../api/schemas/link.ts';
import type { TimeoutsResponse } from '../../api/schemas/timeouts.ts';
import { pointChange, relativeChange } from '../../compare/change.ts';
import { ChangeBadge } from '../../components/ChangeBadge.tsx';
import { EmptyState } from '../../components/States.tsx';
import { formatMs } from '../../format/duration.ts';
import { formatCount, formatPercent } from '../../format/number.ts';
import { budgetUse, latencyLevel, rateLevel } from '../../overview/levels.ts';
import { stepPageHref } from '../../url/filters.ts';

/** Where timeouts cluster, with the budget beside the observed p99, and budget inversions called out. */
export function TimeoutHotspots({ data, linkSteps }: { data: TimeoutsResponse; linkSteps: LinkStep[] }) {
  const title = (id: string) => linkSteps.find((s) => s.id === id)?.title ?? id;
  const [params] = useSearchParams();
  return (
    <>
      {data.inversions.length > 0 && (
        <ul className="inversions" aria-label="Budget inversions">
          {data.inversions.map((inv) => (
            <li key={`${inv.kind}-${inv.step}-${inv.detail}`} className="callout level-bad">
              <strong>⚠ {inv.kind.replaceAll('_', ' ')}</strong> at {title(inv.step)}: {inv.detail}
            </li>
          ))}
        </ul>
      )}
      {data.hotspots.length === 0 ? (
        <EmptyState>No timeouts in this time range.</EmptyState>
      ) : (
        <div className="table-scroll">
          <table className="data-table" aria-label="Timeout hotspots">
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Service</th>
                <th scope="col">Peer</th>
                <th scope="col">Channel</th>
                <th scope="col" className="num">
                  Calls
                </th>
                <th scope="col" className="num">
                  Timeouts
                </th>
                <th scope="col" className="num">
                  Rate
                </th>
                <th scope="col" className="num">
                  p99
                </th>
                <th scope="col" className="num">
                  Budget
                </th>
                <th scope="col">p99 / budget</th>
              </tr>
            </thead>
            <tbody>
              {data.hotspots.map((h) => {
                const use = budgetUse(h.p99, h.timeoutMs);
                // With compare=: the same group in the earlier window (absent there: no timeouts then).
                const before = data.previous?.hotspots.find(
                  (p) =>
                    p.step === h.step &&
                    p.service === h.service &&
                    p.peer === h.peer &&
                    p.channel === h.channel,
                );
                return (
                  <tr key={`${h.step}|${h.service}|${h.peer}|${h.channel}`} data-step={h.step}>
                    <th scope="row">
                      <Link to={stepPageHref(h.step, params)}>{title(h.step)}</Link>
                    </th>
                    <td>{h.service ?? '—'}</td>
                    <td>{h.peer ?? '—'}</td>
                    <td>{h.channel ?? '—'}</td>
                    <td className="num" data-col="calls">
                      {formatCount(h.calls)}
                    </td>
                    <td className="num" data-col="timeouts">
                      {formatCount(h.timeouts)}
                      {data.previous && (
                        <ChangeBadge change={relativeChange(h.timeouts, before?.timeouts ?? 0)} />
                      )}
                    </td>
                    <td className={`num level-${rateLevel(h.timeoutRate)}`} data-col="rate">
                      {formatPercent(h.timeoutRate)}
                      {data.previous && (
                        <ChangeBadge change={pointChange(h.timeoutRate, before?.timeoutRate ?? 0, true)} />
                      )}
                    </td>
                    <td
                      className={`num level-${latencyLevel(h.p99, { timeoutMs: h.timeoutMs })}`}
                      data-col="p99"
                    >
                      {formatMs(h.p99)}
                    </td>
                    <td className="num" data-col="budget">
                      {formatMs(h.timeoutMs)}
                    </td>
                    <td>
                      {use !== null && (
                        <span className="budget-bar" title={`${Math.round(use * 100)}% of budget`}>
                          <span
                            className={`budget-fill level-${use >= 1 ? 'bad' : use >= 0.8 ? 'warn' : 'ok'}`}
                            style={{ width: `${Math.min(100, use * 100)}%` }}
                          />
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
