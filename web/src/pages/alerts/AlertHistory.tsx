import type { AlertEvent } from '../../api/schemas/alerts.ts';
import { formatInstant } from '../../format/time.ts';

/** State changes, newest first, and the webhook deliveries each one caused. */
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
            <th scope="col">Deliveries</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e, i) => {
            const at = e.at ?? e.timestamp;
            return (
              <tr key={e.id ?? i}>
                <td>{at === undefined ? '—' : formatInstant(at)}</td>
                <td>{e.ruleName ?? e.ruleId ?? '—'}</td>
                <td>
                  <span className={`pill state-${e.state}`}>{e.state}</span>
                </td>
                <td className="num">{e.value ?? '—'}</td>
                <td className="num">{e.threshold ?? '—'}</td>
                <td>
                  {Object.entries(e.dimensions)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(', ') || '—'}
                </td>
                <td>
                  {e.deliveries.length === 0
                    ? '—'
                    : e.deliveries.map((d, j) => (
                        <div key={d.id ?? j} className="receiver">
                          {d.format ?? ''} {d.url ?? d.receiver ?? ''}: <b>{String(d.status ?? '?')}</b>
                          {d.attempts !== undefined &&
                            ` after ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}`}
                          {d.lastError && <span className="level-bad"> — {d.lastError}</span>}
                        </div>
                      ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
