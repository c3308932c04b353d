import { formatDimensions, formatMetricValue } from '../../alerts/metricValue.ts';
import type { ActiveAlert } from '../../api/schemas/alerts.ts';
import { formatInstant } from '../../format/time.ts';

/** Alerts pending or firing right now, firing first. */
export function ActiveAlerts({ alerts }: { alerts: ActiveAlert[] }) {
  return (
    <ul className="active-alerts">
      {alerts.map((a) => (
        <li
          key={`${a.ruleId}|${JSON.stringify(a.dimensions)}`}
          className={`callout ${a.state === 'firing' ? 'level-bad' : ''}`}
        >
          <span className={`pill state-${a.state}`}>{a.state}</span> <b>{a.ruleName}</b>: {a.step} {a.metric}{' '}
          {formatMetricValue(a.metric, a.value)} {a.op} {formatMetricValue(a.metric, a.threshold)}{' '}
          <span className="hint">
            {formatDimensions(a.dimensions)}
            {a.firingSince ? ` · firing since ${formatInstant(a.firingSince)}` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}
