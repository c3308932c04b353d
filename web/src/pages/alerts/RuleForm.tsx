import { type FormEvent, useState } from 'react';
import { isFractionMetric } from '../../alerts/metricValue.ts';
import type { AlertRuleInput } from '../../api/schemas/alerts.ts';
import type { LinkStep } from '../../api/schemas/link.ts';
import { stepTitle } from '../../api/schemas/link.ts';

const METRICS = [
  'p50',
  'p90',
  'p95',
  'p99',
  'p999',
  'timeout_rate',
  'error_rate',
  'conversion',
  'count',
  'violations',
];
const OPS = ['>', '>=', '<', '<='];
const FORMATS = ['generic', 'alertmanager', 'slack'];

/** A small form for the common rule: one step, one metric, one webhook. */
export function RuleForm({
  linkName,
  linkSteps,
  checks = [],
  dimensions,
  onCreate,
}: {
  /** The link the rule watches: the page's. */
  linkName?: string;
  linkSteps: LinkStep[];
  /** The link's consistency checks, for metric `violations`. */
  checks?: { id: string; title: string; step: string }[];
  dimensions: string[];
  onCreate: (rule: AlertRuleInput) => Promise<void>;
}) {
  const [draft, setDraft] = useState({
    name: '',
    step: linkSteps[0]?.id ?? '',
    check: checks[0]?.id ?? '',
    metric: 'p99',
    op: '>',
    threshold: '',
    window: '5m',
    for: '1m',
    groupBy: '',
    url: '',
    format: 'generic',
    severity: 'page',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (field: keyof typeof draft) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [field]: e.target.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const check = draft.metric === 'violations' ? checks.find((c) => c.id === draft.check) : undefined;
      await onCreate({
        name: draft.name,
        link: linkName,
        step: check?.step ?? draft.step,
        ...(check ? { check: check.id } : {}),
        metric: draft.metric,
        op: draft.op,
        threshold: Number(draft.threshold),
        window: draft.window,
        for: draft.for,
        filters: {},
        groupBy: draft.groupBy ? [draft.groupBy] : [],
        labels: draft.severity ? { severity: draft.severity } : {},
        annotations: {},
        receivers: draft.url ? [{ url: draft.url, format: draft.format }] : [],
      });
      setDraft({ ...draft, name: '', threshold: '' });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="search-form rule-form" onSubmit={submit} aria-label="New alert rule">
      <label>
        Name <input required value={draft.name} onChange={set('name')} />
      </label>
      {draft.metric === 'violations' ? (
        <label>
          Check
          <select aria-label="Check" value={draft.check} onChange={set('check')}>
            {checks.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <label>
          Step
          <select aria-label="Step" value={draft.step} onChange={set('step')}>
            {linkSteps.map((s) => (
              <option key={s.id} value={s.id}>
                {stepTitle(s)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Metric
        <select aria-label="Metric" value={draft.metric} onChange={set('metric')}>
          {METRICS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </label>
      <label>
        Operator
        <select aria-label="Operator" value={draft.op} onChange={set('op')}>
          {OPS.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      </label>
      <label>
        {isFractionMetric(draft.metric)
          ? 'Threshold (0–1)'
          : draft.metric === 'count' || draft.metric === 'violations'
            ? 'Threshold'
            : 'Threshold (ms)'}
        <input
          aria-label="Threshold"
          required
          type="number"
          step="any"
          min={0}
          max={isFractionMetric(draft.metric) ? 1 : undefined}
          value={draft.threshold}
          onChange={set('threshold')}
        />
      </label>
      <label>
        Window <input required value={draft.window} onChange={set('window')} size={4} />
      </label>
      <label>
        For <input value={draft.for} onChange={set('for')} size={4} />
      </label>
      <label>
        Group by
        <select aria-label="Group by" value={draft.groupBy} onChange={set('groupBy')}>
          <option value="">(none)</option>
          {dimensions.map((d) => (
            <option key={d}>{d}</option>
          ))}
        </select>
      </label>
      <label>
        Webhook URL <input type="url" value={draft.url} onChange={set('url')} placeholder="https://…" />
      </label>
      <label>
        Format
        <select aria-label="Format" value={draft.format} onChange={set('format')}>
          {FORMATS.map((f) => (
            <option key={f}>{f}</option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary" disabled={busy}>
        Create rule
      </button>
      {error && (
        <p className="level-bad" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
