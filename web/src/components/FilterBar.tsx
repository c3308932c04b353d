import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useUpdateParams } from '../hooks/useUrlParam.ts';
import { readFilters, writeFilter } from '../url/filters.ts';

/** One text box per link dimension; a value is applied on Enter or when the box loses focus. */
export function FilterBar({
  dimensions,
  suggestions = {},
}: {
  dimensions: readonly string[];
  suggestions?: Record<string, string[]>;
}) {
  const [params] = useSearchParams();
  const filters = readFilters(params, dimensions);
  return (
    <fieldset className="filter-bar">
      <legend className="visually-hidden">Dimension filters</legend>
      {dimensions.map((dimension) => (
        <FilterInput
          key={dimension}
          dimension={dimension}
          value={filters[dimension] ?? ''}
          options={suggestions[dimension] ?? []}
        />
      ))}
    </fieldset>
  );
}

function FilterInput({ dimension, value, options }: { dimension: string; value: string; options: string[] }) {
  const update = useUpdateParams();
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const listId = `filter-${dimension.replaceAll('.', '-')}`;
  const apply = () => {
    if (draft !== value) update((p) => writeFilter(p, dimension, draft), true);
  };
  return (
    <label className="filter">
      <span>{dimension}</span>
      <input
        value={draft}
        list={listId}
        placeholder="any"
        onChange={(e) => setDraft(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply();
        }}
      />
      <datalist id={listId}>
        {options.map((o) => (
          <option key={o} value={o} />
        ))}
      </datalist>
    </label>
  );
}
