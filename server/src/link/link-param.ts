import { badRequest } from '../http/api-error.ts';
import type { LinkDefinition } from './definition.ts';
import type { LinkSet } from './link-set.ts';

/** The query parameter naming a link; every endpoint that reads a link takes it. */
export const LINK_PARAM = 'link';

/** `link=NAME`: the named link; absent, the default; unknown or repeated, a 400 naming `link`. */
export function parseLinkParam(query: Record<string, unknown>, links: LinkSet): LinkDefinition {
  const raw = query[LINK_PARAM];
  if (raw === undefined || raw === '') return links.defaultLink;
  if (typeof raw !== 'string') throw badRequest(`parameter '${LINK_PARAM}' must be given once`);
  const link = links.byName(raw);
  if (!link) {
    const names = links.links.map((l) => l.name).join(', ');
    throw badRequest(`parameter '${LINK_PARAM}' names no link: '${raw.slice(0, 64)}'; links: ${names}`);
  }
  return link;
}
