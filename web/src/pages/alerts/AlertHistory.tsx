import { Link } from 'react-router-dom';
import { formatDimensions, formatMetricValue } from '../../alerts/metricValue.ts';
import type { AlertEvent } from '../../api/schemas/alerts.ts';
import { formatInstant } from '../../format/time.ts';

/** Transitions newest first: when, which rule, the value against the threshold, sample traces. */
export function AlertHistory({ events }: { events: AlertEvent[] }) {
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label="Alert history">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Rule</th>
            <th scope="col">State</th>
            <th scope="col" className="num">
              Value
            </th>
            <th scope="col" className="num">
              Threshold
            </th>
            <th scope="col">Dimensions</th>
            <th scope="col">Sample traces</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.eventId} data-event-id={e.eventId}>
              <td>{formatInstant(e.at)}</td>
              <td>
                {e.rule.name}
                {e.test && <span className="pill"> test</span>}
              </td>
              <td>
                <span className={`pill state-${e.state}`}>{e.state}</span>
              </td>
              <td className="num">{formatMetricValue(e.rule.metric, e.value)}</td>
              <td className="num">
                {e.rule.op} {formatMetricValue(e.rule.metric, e.threshold)}
              </td>
              <td>{formatDimensions(e.dimensions)}</td>
              <td>
                {e.samples.map((s) => (
                  <Link key={s.traceId} className="mono trace-chip" to={`/traces/${s.traceId}`}>
                    {s.traceId.slice(0, 8)}
                  </Link>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
