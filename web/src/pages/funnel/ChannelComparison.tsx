import type { FunnelResponse } from '../../api/schemas/funnel.ts';
import type { LinkStep } from '../../api/schemas/link.ts';
import { stepTitle } from '../../api/schemas/link.ts';
import { EmptyState } from '../../components/States.tsx';
import { formatMs } from '../../format/duration.ts';
import { formatCount, formatPercent } from '../../format/number.ts';
import { conversionLevel } from '../../funnel/funnelBars.ts';

/** Conversion from start per step for each dimension value, coloured against the whole funnel. */
export function ChannelComparison({ funnel, linkSteps }: { funnel: FunnelResponse; linkSteps: LinkStep[] }) {
  if (funnel.groups.length === 0) return <EmptyState>No groups for this dimension.</EmptyState>;
  const title = (id: string) => {
    const def = linkSteps.find((s) => s.id === id);
    return def ? stepTitle(def) : id;
  };
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label="Conversion by group">
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col" className="num">
              Journeys
            </th>
            {funnel.steps.map((s) => (
              <th key={s.step} scope="col" className="num">
                {title(s.step)}
              </th>
            ))}
            <th scope="col" className="num">
              Completed
            </th>
            <th scope="col" className="num">
              Journey p50
            </th>
            <th scope="col" className="num">
              Journey p90
            </th>
          </tr>
        </thead>
        <tbody>
          {funnel.groups.map((g) => {
            const label = Object.values(g.key).join(' · ') || '(none)';
            return (
              <tr key={label} data-group={label}>
                <th scope="row">{label}</th>
                <td className="num" data-col="journeys">
                  {formatCount(g.journeys)}
                </td>
                {funnel.steps.map((overall) => {
                  const gs = g.steps.find((s) => s.step === overall.step);
                  const conv = gs?.conversionFromStart ?? null;
                  return (
                    <td
                      key={overall.step}
                      className={`num level-${conversionLevel(conv, overall.conversionFromStart)}`}
                      data-col={overall.step}
                    >
                      {formatPercent(conv)}
                    </td>
                  );
                })}
                <td className="num" data-col="completed">
                  {formatCount(g.completed?.count)}
                </td>
                <td className="num" data-col="completed-p50">
                  {formatMs(g.completed?.p50)}
                </td>
                <td className="num" data-col="completed-p90">
                  {formatMs(g.completed?.p90)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
