import { badRequest } from '../http/api-error.ts';
import type { LinkDefinition } from '../link/definition.ts';
import type { LinkSet } from '../link/link-set.ts';

/** The link a posted rule names (`link`), the default when it names none; a 400 naming `link` otherwise. */
export function ruleLinkOf(body: unknown, links: LinkSet): LinkDefinition {
  const name = body !== null && typeof body === 'object' ? (body as { link?: unknown }).link : undefined;
  if (name === undefined) return links.defaultLink;
  const link = typeof name === 'string' ? links.byName(name) : undefined;
  if (!link) {
    const names = links.links.map((l) => l.name).join(', ');
    throw badRequest(`invalid alert rule: link: must be one of the links (${names})`, 'invalid_rule');
  }
  return link;
}

/**
 * The link a stored rule reads: the one it names, the default for a rule saved before rules named
 * links; undefined when it names a link no longer served (the rule then sees no data).
 */
export function linkOfRule(rule: { link?: string }, links: LinkSet): LinkDefinition | undefined {
  return rule.link === undefined ? links.defaultLink : links.byName(rule.link);
}
