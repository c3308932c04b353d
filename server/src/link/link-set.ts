import type { LinkDefinition } from './definition.ts';
import { LinkDefinitionError, loadLinkFiles } from './load-link.ts';

/** A link as loaded, with the file it came from (for error messages). */
export interface LoadedLink {
  link: LinkDefinition;
  file: string;
  /** Line of the link's `name` in the file (for the duplicate-name error). */
  nameLine: number;
}

/**
 * The payment links one paylens serves (DESIGN.md "Several links"): unique names, one default.
 * Every link's `journeyKey` is the union of all links' key attributes, in link order (the
 * default's first): a trace belongs to one journey whichever link looks at it, because the trace
 * summary, the log keys and the step spans all find its key with the same attributes.
 */
export interface LinkSet {
  readonly links: readonly LinkDefinition[];
  readonly defaultLink: LinkDefinition;
  byName(name: string): LinkDefinition | undefined;
}

/** Checks names and the default, and merges the journey keys; `loaded` in file-name order. */
export function createLinkSet(loaded: readonly LoadedLink[]): LinkSet {
  if (loaded.length === 0) throw new LinkDefinitionError('no payment-link definition found');
  const seen = new Map<string, LoadedLink>();
  for (const entry of loaded) {
    const first = seen.get(entry.link.name);
    if (first) {
      throw new LinkDefinitionError(
        `${entry.file}:${entry.nameLine}: name: duplicate link name '${entry.link.name}' (also in ${first.file}:${first.nameLine})`,
      );
    }
    seen.set(entry.link.name, entry);
  }
  const defaults = loaded.filter((entry) => entry.link.default === true);
  if (defaults.length > 1) {
    const [, second] = defaults;
    throw new LinkDefinitionError(
      `${second!.file}:1: default: more than one default link (${defaults.map((d) => d.link.name).join(', ')})`,
    );
  }
  const chosen = defaults[0] ?? loaded[0]!;
  const ordered = [chosen, ...loaded.filter((entry) => entry !== chosen)].map((entry) => entry.link);
  const journeyKey = [...new Set(ordered.flatMap((link) => link.journeyKey))];
  const links = loaded.map((entry) => ({ ...entry.link, journeyKey }));
  const byName = new Map(links.map((link) => [link.name, link]));
  return {
    links,
    defaultLink: byName.get(chosen.link.name)!,
    byName: (name) => byName.get(name),
  };
}

/** A set of one link (tests, tools): that link is the default. */
export function singleLinkSet(link: LinkDefinition): LinkSet {
  return { links: [link], defaultLink: link, byName: (name) => (name === link.name ? link : undefined) };
}

/** The journey-key attributes of the whole set (what the derived views look for). */
export function journeyKeyOf(set: LinkSet): readonly string[] {
  return set.defaultLink.journeyKey;
}

/** Loads and checks every link `PAYLENS_LINK` names (a file or a directory of them). */
export function loadLinkSet(path: string): LinkSet {
  return createLinkSet(loadLinkFiles(path));
}
