import { useState } from 'react';
import type { AlertRule } from '../../api/schemas/alerts.ts';

/** Rules with their state; each can send a test delivery or be deleted. */
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
  const run = async (rule: AlertRule, action: () => Promise<string>) => {
    setResults((r) => ({ ...r, [rule.id]: 'Sending…' }));
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
            <th scope="col">Receivers</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => (
            <tr key={rule.id} data-rule-id={rule.id}>
              <th scope="row">{rule.name}</th>
              <td>
                <span className={`pill state-${rule.state}`} data-field="state">
                  {rule.state}
                </span>
              </td>
              <td>
                {rule.step ?? 'all steps'} {rule.metric} {rule.op} {rule.threshold}
              </td>
              <td>
                {rule.window}
                {rule.for ? ` / ${rule.for}` : ''}
              </td>
              <td>
                {Object.entries(rule.filters)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', ') || '—'}
                {rule.groupBy.length > 0 && <div className="hint">by {rule.groupBy.join(', ')}</div>}
              </td>
              <td>
                {rule.receivers.map((r) => (
                  <div key={r.url} className="receiver">
                    {r.format}: {r.url}
                  </div>
                ))}
              </td>
              <td className="actions">
                <button
                  type="button"
                  onClick={() => run(rule, () => onTest(rule))}
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
                    void run(rule, async () => {
                      await onDelete(rule);
                      return 'Deleted';
                    });
                  }}
                >
                  Delete
                </button>
                {results[rule.id] && (
                  <div className="hint" role="status">
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
