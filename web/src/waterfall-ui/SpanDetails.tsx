import { fetchSteps } from '../api/endpoints.ts';
import type { LogRecord, Span } from '../api/schemas/traces.ts';
import { formatMs } from '../format/duration.ts';
import { useApi } from '../hooks/useApi.ts';
import { eventOffsetMs } from '../waterfall/model.ts';
import { formatPercentile, percentileBand } from '../waterfall/percentileBand.ts';

interface Props {
  span: Span;
  logs: LogRecord[];
  color: string;
  traceStartMs: number;
  isRoot: boolean;
  onClose: () => void;
  onZoom: () => void;
  onReroot: () => void;
}

const DAY_MS = 86_400_000;

/** Everything about one span: timing, status, where it sits in its step, attributes, events, logs. */
export function SpanDetails({ span, logs, color, traceStartMs, isRoot, onClose, onZoom, onReroot }: Props) {
  return (
    <aside className="span-details" aria-label="Span details" data-testid="span-details">
      <header>
        <span className="wf-svc-chip" style={{ background: color }} />
        <h3>
          {span.service}: {span.name}
        </h3>
        <button type="button" onClick={onClose} aria-label="Close span details">
          ×
        </button>
      </header>
      <div className="button-row">
        <button type="button" onClick={onZoom}>
          Zoom to span
        </button>
        <button type="button" onClick={onReroot}>
          {isRoot ? 'Show whole trace' : 'Re-root here'}
        </button>
      </div>
      <dl className="kv">
        <dt>Span</dt>
        <dd className="mono">{span.spanId}</dd>
        <dt>Trace</dt>
        <dd className="mono">{span.traceId}</dd>
        <dt>Step</dt>
        <dd>{span.step ?? '—'}</dd>
        <dt>Kind</dt>
        <dd>{span.kind}</dd>
        <dt>Status</dt>
        <dd className={span.status === 'error' ? 'level-bad' : undefined} data-field="status">
          {span.status}
          {span.timeout && ' (timeout)'}
          {span.statusMessage ? ` — ${span.statusMessage}` : ''}
        </dd>
        <dt>Start</dt>
        <dd>+{formatMs(span.startOffsetMs)}</dd>
        <dt>Duration</dt>
        <dd data-field="duration">{formatMs(span.durationMs)}</dd>
        <dt>Self time</dt>
        <dd>{formatMs(span.selfMs)}</dd>
        <dt>Critical path</dt>
        <dd>{span.onCriticalPath ? 'yes' : 'no'}</dd>
        {span.step && (
          <>
            <dt>In its step</dt>
            <dd data-field="percentile">
              <StepPercentile span={span} />
            </dd>
          </>
        )}
      </dl>
      <h4>Attributes</h4>
      <AttributeList attributes={span.attributes} />
      {span.resource && Object.keys(span.resource).length > 0 && (
        <>
          <h4>Resource</h4>
          <AttributeList attributes={span.resource} />
        </>
      )}
      {span.events.length > 0 && (
        <>
          <h4>Events</h4>
          <ul className="events">
            {span.events.map((e, i) => {
              const offset = eventOffsetMs(e, traceStartMs);
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: events have no id
                <li key={i}>
                  <span className="mono">
                    {offset === null ? '' : `+${formatMs(offset - span.startOffsetMs)}`}
                  </span>{' '}
                  <b>{e.name}</b>
                  {Object.entries(e.attributes).map(([k, v]) => (
                    <div key={k} className="event-attr">
                      {k}: {typeof v === 'string' ? v : JSON.stringify(v)}
                    </div>
                  ))}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {logs.length > 0 && (
        <>
          <h4>Logs</h4>
          <ul className="span-logs">
            {logs.map((l, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: logs have no id
              <li key={i} className={`sev-${l.severity.toLowerCase()}`}>
                <span className="mono">+{formatMs(l.offsetMs - span.startOffsetMs)}</span> <b>{l.severity}</b>{' '}
                {l.body}
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}

/** "p97 of channel_pay" from the API, else the band among the step's quantiles over the last 24 h. */
function StepPercentile({ span }: { span: Span }) {
  const known = span.percentile !== null && span.percentile !== undefined;
  // One request per page: the key does not change with the selected span.
  const stats = useApi(known ? null : 'steps-24h', (signal) => {
    const toMs = Date.now();
    return fetchSteps({ fromMs: toMs - DAY_MS, toMs }, {}, signal);
  });
  if (known) return <>{`${formatPercentile(span.percentile!)} of ${span.step} over the last 24 h`}</>;
  const step = stats.data?.steps.find((s) => s.step === span.step);
  if (!step) return <>{stats.status === 'loading' ? '…' : '—'}</>;
  const band = percentileBand(span.durationMs, step);
  return <>{band ? `${band} of ${span.step} over the last 24 h` : '—'}</>;
}

function AttributeList({ attributes }: { attributes: Record<string, unknown> }) {
  return (
    <dl className="kv attributes">
      {Object.entries(attributes)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => (
          <div key={k} className="kv-pair">
            <dt>{k}</dt>
            <dd>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
          </div>
        ))}
    </dl>
  );
}
