import type { AlertEvent } from '../../api/schemas/alerts.ts';
import { formatInstant } from '../../format/time.ts';

/** Every webhook delivery of the listed transitions, with its outbox status and last outcome. */
export function Deliveries({ events }: { events: AlertEvent[] }) {
  const rows = events.flatMap((e) => e.deliveries.map((d) => ({ event: e, delivery: d })));
  if (rows.length === 0) return <div className="empty-state">No webhook deliveries yet.</div>;
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label="Deliveries">
        <thead>
          <tr>
            <th scope="col">Updated</th>
            <th scope="col">Rule</th>
            <th scope="col">Receiver</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Attempts
            </th>
            <th scope="col">Last answer</th>
            <th scope="col">Next attempt</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ event, delivery: d }) => (
            <tr key={d.webhookId} data-webhook-id={d.webhookId}>
              <td>{d.updatedAt === undefined ? '—' : formatInstant(d.updatedAt)}</td>
              <td>
                {event.rule.name} <span className="hint">({event.state})</span>
              </td>
              <td title={d.url}>{d.receiver}</td>
              <td>
                <span className={`pill delivery-${d.status}`}>{d.status}</span>
              </td>
              <td className="num">{d.attempts}</td>
              <td className="wrap">
                {d.lastStatusCode ?? ''} {d.lastError ? <span className="level-bad">{d.lastError}</span> : ''}
              </td>
              <td>{d.nextAttemptAt ? formatInstant(d.nextAttemptAt) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
