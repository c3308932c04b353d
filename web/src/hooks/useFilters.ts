import { useSearchParams } from 'react-router-dom';
import { type DimensionFilters, readFilters } from '../url/filters.ts';
import { useLink } from './LinkContext.tsx';

/** The dimension filters in the URL (only the link's dimensions), and a key for request caching. */
export function useFilters(): { filters: DimensionFilters; filtersKey: string } {
  const [params] = useSearchParams();
  const link = useLink();
  const filters = readFilters(params, link.data?.dimensions ?? []);
  return { filters, filtersKey: JSON.stringify(filters) };
}
