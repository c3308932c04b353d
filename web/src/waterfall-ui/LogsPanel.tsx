import type { LogRecord } from '../api/schemas/traces.ts';
import { formatMs } from '../format/duration.ts';
import { formatCount } from '../format/number.ts';

const MAX_SHOWN = 2000;

/** Every log of the trace in time order; a log with a span selects it in the waterfall. */
export function LogsPanel({
  logs,
  onSelectSpan,
}: {
  logs: LogRecord[];
  onSelectSpan: (spanId: string) => void;
}) {
  if (logs.length === 0) return <div className="empty-state">No logs correlated with this trace.</div>;
  return (
    <div className="logs-panel table-scroll">
      <table className="data-table compact" aria-label="Logs">
        <thead>
          <tr>
            <th scope="col" className="num">
              Offset
            </th>
            <th scope="col">Severity</th>
            <th scope="col">Service</th>
            <th scope="col">Message</th>
            <th scope="col">Span</th>
          </tr>
        </thead>
        <tbody>
          {logs.slice(0, MAX_SHOWN).map((log, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: logs have no id
            <tr key={i} className={`sev-${log.severity.toLowerCase()}`}>
              <td className="num mono">+{formatMs(log.offsetMs)}</td>
              <td>{log.severity}</td>
              <td>{log.service || '—'}</td>
              <td className="log-body">{log.body}</td>
              <td>
                {log.spanId ? (
                  <button
                    type="button"
                    className="link-button mono"
                    onClick={() => onSelectSpan(log.spanId!)}
                  >
                    {log.spanId.slice(0, 8)}
                  </button>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {logs.length > MAX_SHOWN && (
        <p className="hint">
          Showing the first {formatCount(MAX_SHOWN)} of {formatCount(logs.length)} logs.
        </p>
      )}
    </div>
  );
}
