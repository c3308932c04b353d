import { Link, useSearchParams } from 'react-router-dom';
import type { TraceSummary } from '../../api/schemas/traces.ts';
import { formatMs } from '../../format/duration.ts';
import { formatCount } from '../../format/number.ts';
import { formatInstant } from '../../format/time.ts';
import { carryOver } from '../../url/filters.ts';

/** Search results, newest first as the API sends them; a row opens the waterfall. */
export function TraceResults({ traces }: { traces: TraceSummary[] }) {
  const [params] = useSearchParams();
  const carry = carryOver(params).toString();
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label="Traces">
        <thead>
          <tr>
            <th scope="col">Trace</th>
            <th scope="col">Start</th>
            <th scope="col">Root</th>
            <th scope="col" className="num">
              Duration
            </th>
            <th scope="col" className="num">
              Spans
            </th>
            <th scope="col">Status</th>
            <th scope="col">Steps</th>
          </tr>
        </thead>
        <tbody>
          {traces.map((t) => (
            <tr key={t.traceId} data-trace-id={t.traceId}>
              <th scope="row">
                <Link className="mono" to={`/traces/${t.traceId}${carry ? `?${carry}` : ''}`}>
                  {t.traceId.slice(0, 16)}
                </Link>
              </th>
              <td>{formatInstant(t.startTime)}</td>
              <td>
                {t.rootService ?? '?'}: {t.rootName ?? '?'}
              </td>
              <td className="num" data-col="duration">
                {formatMs(t.durationMs)}
              </td>
              <td className="num" data-col="spans">
                {formatCount(t.spanCount)}
              </td>
              <td>
                <span className={`pill status-${t.status}`}>{t.status}</span>
              </td>
              <td className="steps-cell">{t.steps.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
