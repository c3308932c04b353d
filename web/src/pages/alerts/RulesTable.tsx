import { useState } from 'react';
import { describeCondition, formatDimensions, formatMetricValue } from '../../alerts/metricValue.ts';
import type { AlertRule } from '../../api/schemas/alerts.ts';

/** Rules with their state and live alerts; each can send a test delivery or be deleted. */
export function RulesTable({
  rules,
  onTest,
  onDelete,
}: {
  rules: AlertRule[];
  onTest: (rule: AlertRule) => Promise<string>;
  onDelete: (rule: AlertRule) => Promise<void>;
}) {
  const [results, setResults] = useState<Record<string, string>>({});
  const run = async (rule: AlertRule, busy: string, action: () => Promise<string>) => {
    setResults((r) => ({ ...r, [rule.id]: busy }));
    try {
      const message = await action();
      setResults((r) => ({ ...r, [rule.id]: message }));
    } catch (error) {
      setResults((r) => ({ ...r, [rule.id]: `Failed: ${(error as Error).message}` }));
    }
  };
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label="Alert rules">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">State</th>
            <th scope="col">Condition</th>
            <th scope="col">Window / for</th>
            <th scope="col">Filters</th>
            <th scope="col">Live alerts</th>
            <th scope="col">Receivers</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => (
            <tr key={rule.id} data-rule-id={rule.id}>
              <th scope="row">
                {rule.name}
                {rule.enabled === false && <div className="hint">disabled</div>}
              </th>
              <td>
                <span className={`pill state-${rule.state}`} data-field="state">
                  {rule.state}
                </span>
              </td>
              <td data-field="condition">{describeCondition(rule)}</td>
              <td>
                {rule.window}
                {rule.for ? ` / ${rule.for}` : ''}
              </td>
              <td>
                {formatDimensions(rule.filters)}
                {rule.groupBy.length > 0 && <div className="hint">by {rule.groupBy.join(', ')}</div>}
              </td>
              <td className="wrap">
                {rule.alerts.length === 0
                  ? '—'
                  : rule.alerts.map((a) => (
                      <div key={JSON.stringify(a.dimensions)}>
                        <span className={`pill state-${a.state}`}>{a.state}</span>{' '}
                        {formatMetricValue(rule.metric, a.value)}{' '}
                        <span className="hint">{formatDimensions(a.dimensions)}</span>
                      </div>
                    ))}
              </td>
              <td className="wrap">
                {rule.receivers.length === 0
                  ? '—'
                  : rule.receivers.map((r) => (
                      <div key={r.url} className="receiver">
                        {r.format}: {r.name ?? r.url}
                        {r.disabled && (
                          <span className="level-bad"> — disabled: {r.disabledReason ?? 'failing'}</span>
                        )}
                      </div>
                    ))}
              </td>
              <td className="actions">
                <button
                  type="button"
                  onClick={() => run(rule, 'Sending…', () => onTest(rule))}
                  aria-label={`Send test for ${rule.name}`}
                >
                  Send test
                </button>{' '}
                <button
                  type="button"
                  className="danger"
                  aria-label={`Delete ${rule.name}`}
                  onClick={() => {
                    if (!window.confirm(`Delete alert rule "${rule.name}"?`)) return;
                    void run(rule, 'Deleting…', async () => {
                      await onDelete(rule);
                      return 'Deleted';
                    });
                  }}
                >
                  Delete
                </button>
                {results[rule.id] && (
                  <div className="hint wrap" role="status">
                    {results[rule.id]}
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
