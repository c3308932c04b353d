import { Link } from 'react-router-dom';
import { fetchCheckViolations, type RangeQuery } from '../../api/endpoints.ts';
import { Load } from '../../components/States.tsx';
import { formatCount } from '../../format/number.ts';
import { formatInstant } from '../../format/time.ts';
import { journeyHref } from '../../funnel/journeyHref.ts';
import { useApi } from '../../hooks/useApi.ts';

const LIMIT = 20;

/** The newest violating journeys of a check, each opening its waterfall with the offending spans marked. */
export function CheckViolations({
  checkId,
  range,
  timeKey,
  carry,
}: {
  checkId: string;
  range: RangeQuery;
  timeKey: string;
  carry: string;
}) {
  const violations = useApi(`violations-${checkId}-${timeKey}`, (signal) =>
    fetchCheckViolations(checkId, range, LIMIT, signal),
  );
  return (
    <Load value={violations} skeletonRows={3}>
      {(data) => (
        <>
          <table className="data-table" data-testid={`violations-${checkId}`}>
            <thead>
              <tr>
                <th scope="col">At</th>
                <th scope="col">Journey</th>
                <th scope="col">What happened</th>
                <th scope="col">Spans</th>
              </tr>
            </thead>
            <tbody>
              {data.violations.map((v) => (
                <tr key={v.key}>
                  <td>{formatInstant(v.at)}</td>
                  <td className="mono">
                    <Link to={journeyHref(v.key, v.traceIds, carry)}>{v.key}</Link>
                  </td>
                  <td>{v.detail}</td>
                  <td>{v.spanIds.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.total > data.violations.length && (
            <p className="muted">
              Showing the newest {formatCount(data.violations.length)} of {formatCount(data.total)}.
            </p>
          )}
        </>
      )}
    </Load>
  );
}
