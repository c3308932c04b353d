import { createContext, type ReactNode, useContext } from 'react';
import { fetchLink } from '../api/endpoints.ts';
import type { Link } from '../api/schemas/link.ts';
import { type Reloadable, useApi } from './useApi.ts';

const LinkContext = createContext<Reloadable<Link> | null>(null);

/** The payment-link definition (steps, titles, SLOs, dimensions), loaded once for every page. */
export function LinkProvider({ children }: { children: ReactNode }) {
  const link = useApi('link', fetchLink);
  return <LinkContext.Provider value={link}>{children}</LinkContext.Provider>;
}

export function useLink(): Reloadable<Link> {
  const link = useContext(LinkContext);
  if (!link) throw new Error('useLink outside LinkProvider');
  return link;
}
