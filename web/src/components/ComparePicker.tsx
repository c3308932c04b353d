import { useSearchParams } from 'react-router-dom';
import { COMPARE_OPTIONS, readCompare } from '../compare/change.ts';
import { setParam, useUpdateParams } from '../hooks/useUrlParam.ts';

/** "Compare with": none, an hour, a day or a week before (`compare` in the URL). */
export function ComparePicker() {
  const [params] = useSearchParams();
  const update = useUpdateParams();
  return (
    <label>
      Compare with{' '}
      <select
        aria-label="Compare with"
        value={readCompare(params) ?? ''}
        onChange={(e) => update((p) => setParam(p, 'compare', e.target.value), true)}
      >
        {COMPARE_OPTIONS.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The compare window in the URL (undefined: none). */
export function useCompare(): string | undefined {
  const [params] = useSearchParams();
  return readCompare(params);
}
