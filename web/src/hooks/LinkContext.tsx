import { createContext, type ReactNode, useContext } from 'react';
import { fetchLink, fetchLinks } from '../api/endpoints.ts';
import type { Link } from '../api/schemas/link.ts';
import type { LinkSummary } from '../api/schemas/links.ts';
import { type Reloadable, useApi } from './useApi.ts';

interface Links {
  /** The link the page reads (`link` in the URL, else the default one). */
  link: Reloadable<Link>;
  /** Every link served; the header offers a switcher when there are several. */
  links: LinkSummary[];
}

const LinkContext = createContext<Links | null>(null);

/** The payment-link definition (steps, titles, SLOs, dimensions) and the links there are, for every page. */
export function LinkProvider({ children }: { children: ReactNode }) {
  // useApi adds the page's link to the key (switching links loads the other definition) and never
  // shows one link's data under another.
  const link = useApi('link', fetchLink);
  const links = useApi('links', fetchLinks);
  return (
    <LinkContext.Provider value={{ link, links: links.data?.links ?? [] }}>{children}</LinkContext.Provider>
  );
}

function useLinks(): Links {
  const links = useContext(LinkContext);
  if (!links) throw new Error('useLink outside LinkProvider');
  return links;
}

export function useLink(): Reloadable<Link> {
  return useLinks().link;
}

export function useLinkList(): LinkSummary[] {
  return useLinks().links;
}
