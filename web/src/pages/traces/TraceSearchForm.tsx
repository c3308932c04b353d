import { type FormEvent, useEffect, useState } from 'react';
import type { LinkStep } from '../../api/schemas/link.ts';
import { stepTitle } from '../../api/schemas/link.ts';
import type { TraceSearchFields } from '../../traces/searchParams.ts';

/** Step, status, minimum duration and order id; the time range comes from the header. */
export function TraceSearchForm({
  value,
  linkSteps,
  onSearch,
}: {
  value: TraceSearchFields;
  linkSteps: LinkStep[];
  onSearch: (fields: TraceSearchFields) => void;
}) {
  const [draft, setDraft] = useState(value);
  // Reset the draft only when the URL's search changes, not on every parent render.
  const valueKey = JSON.stringify(value);
  // biome-ignore lint/correctness/useExhaustiveDependencies: valueKey stands for value
  useEffect(() => setDraft(value), [valueKey]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch(draft);
  };
  return (
    <form className="search-form" onSubmit={submit} aria-label="Trace search">
      <label>
        Step
        <select
          aria-label="Step"
          value={draft.step}
          onChange={(e) => setDraft({ ...draft, step: e.target.value })}
        >
          <option value="">Any step</option>
          {linkSteps.map((s) => (
            <option key={s.id} value={s.id}>
              {stepTitle(s)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Status
        <select
          aria-label="Status"
          value={draft.status}
          onChange={(e) => setDraft({ ...draft, status: e.target.value })}
        >
          <option value="">Any status</option>
          <option value="ok">OK</option>
          <option value="error">Error</option>
        </select>
      </label>
      <label>
        Min duration (ms)
        <input
          type="number"
          min={0}
          step="any"
          inputMode="decimal"
          value={draft.minMs}
          onChange={(e) => setDraft({ ...draft, minMs: e.target.value })}
        />
      </label>
      <label>
        Order id
        <input
          value={draft.key}
          placeholder="journey key"
          onChange={(e) => setDraft({ ...draft, key: e.target.value })}
        />
      </label>
      <button type="submit" className="primary">
        Search
      </button>
    </form>
  );
}
