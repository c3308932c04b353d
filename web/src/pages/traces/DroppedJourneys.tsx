import { Link, useSearchParams } from 'react-router-dom';
import { fetchStuck } from '../../api/endpoints.ts';
import { Load } from '../../components/States.tsx';
import { formatMs } from '../../format/duration.ts';
import { formatInstant } from '../../format/time.ts';
import { journeyHref } from '../../funnel/journeyHref.ts';
import { rangeKey, useTime } from '../../hooks/TimeContext.tsx';
import { useApi } from '../../hooks/useApi.ts';
import { useFilters } from '../../hooks/useFilters.ts';
import { carryOver } from '../../url/filters.ts';

/** Journeys that succeeded at `after` and never entered the next step (the funnel's drop-offs). */
export function DroppedJourneys({ after, before }: { after: string; before: string }) {
  const time = useTime();
  const { filters, filtersKey } = useFilters();
  const [params] = useSearchParams();
  const carry = carryOver(params).toString();
  // The funnel's drop-offs: passed `after` in the range, never reached the next step (no grace period).
  const dropped = useApi(`dropped-${after}-${rangeKey(time)}-${filtersKey}`, (signal) =>
    fetchStuck(after, 0, time.range, filters, signal),
  );
  return (
    <Load value={dropped} isEmpty={(d) => d.journeys.length === 0} empty="No journeys dropped here.">
      {(data) => (
        <div className="table-scroll">
          <p className="hint">
            Journeys that passed <b>{after}</b> and never reached <b>{before || 'the next step'}</b>.
          </p>
          <table className="data-table" aria-label="Dropped journeys">
            <thead>
              <tr>
                <th scope="col">Journey</th>
                <th scope="col">Traces</th>
                <th scope="col">Dimensions</th>
                <th scope="col">Last span at</th>
                <th scope="col" className="num">
                  Age
                </th>
              </tr>
            </thead>
            <tbody>
              {data.journeys.map((j) => (
                <tr key={j.key} data-key={j.key}>
                  <th scope="row">
                    <Link to={journeyHref(j.key, j.traceIds, carry)}>{j.key}</Link>
                  </th>
                  <td>
                    {j.traceIds.map((id) => (
                      <Link key={id} className="mono trace-chip" to={`/traces/${id}?${carry}`}>
                        {id.slice(0, 8)}
                      </Link>
                    ))}
                  </td>
                  <td>
                    {Object.entries(j.dimensions)
                      .map(([k, v]) => `${k}=${v}`)
                      .join(', ') || '—'}
                  </td>
                  <td>{formatInstant(j.lastSpanAt)}</td>
                  <td className="num">{formatMs(j.ageMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Load>
  );
}
