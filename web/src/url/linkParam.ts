/** The query parameter naming the payment link every page reads (DESIGN.md "Several links"). */
export const LINK_PARAM = 'link';

/** API paths that read a link: requests to them carry the page's `link`. */
const LINK_PATHS = ['/link', '/steps', '/timeouts', '/funnel', '/stuck', '/traces', '/journeys/'];

/** The link the page names, or null for the default link. */
export function linkParamOf(search: string | URLSearchParams): string | null {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  return params.get(LINK_PARAM) || null;
}

/** Whether an API path (under /api/v1) reads a link and so takes `link=`. */
export function readsLink(path: string): boolean {
  return LINK_PATHS.some((prefix) =>
    prefix.endsWith('/') ? path.startsWith(prefix) : path === prefix || path.startsWith(`${prefix}/`),
  );
}
