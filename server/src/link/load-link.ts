import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { type LinkDefinition, linkSchema } from './definition.ts';
import type { LoadedLink } from './link-set.ts';

export class LinkDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinkDefinitionError';
  }
}

/** Parses and validates a payment-link YAML text; errors name the file, line and field. */
export function parseLink(text: string, fileName: string): LinkDefinition {
  return parseLinkWithLines(text, fileName).link;
}

/** parseLink, and the line of the link's `name` (duplicate names are reported there). */
export function parseLinkWithLines(
  text: string,
  fileName: string,
): { link: LinkDefinition; nameLine: number } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const yamlError = document.errors[0];
  if (yamlError) {
    const line = lineCounter.linePos(yamlError.pos[0]).line;
    throw new LinkDefinitionError(`${fileName}:${line}: invalid YAML: ${yamlError.message.split('\n')[0]}`);
  }
  let value: unknown;
  try {
    // toJS resolves aliases: an alias without its anchor, or too many (billion laughs), throws here.
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new LinkDefinitionError(`${fileName}:1: invalid YAML: ${(error as Error).message}`);
  }
  const result = linkSchema.safeParse(value);
  if (result.success) return { link: result.data, nameLine: lineOf(document, lineCounter, ['name']) };
  const messages = result.error.issues.map((issue) => {
    const path = issue.path.map(String);
    const line = lineOf(document, lineCounter, issue.path as (string | number)[]);
    return `${fileName}:${line}: ${path.join('.') || '(root)'}: ${issue.message}`;
  });
  throw new LinkDefinitionError(`invalid payment-link definition\n${messages.join('\n')}`);
}

function lineOf(
  document: ReturnType<typeof parseDocument>,
  lineCounter: LineCounter,
  path: (string | number)[],
): number {
  // The deepest node that exists along the path: a missing field is reported where its parent is.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = document.getIn(path.slice(0, depth), true) as
      | { range?: [number, number, number] }
      | undefined;
    if (node?.range) return lineCounter.linePos(node.range[0]).line;
  }
  return 1;
}

export function loadLinkFile(path: string): LinkDefinition {
  return parseLink(readLinkText(path), path);
}

function readLinkText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new LinkDefinitionError(`cannot read payment-link definition ${path}: ${(error as Error).message}`);
  }
}

/** `PAYLENS_LINK`'s files: the file itself, or a directory's `*.yaml`/`*.yml` files by name. */
export function linkFilesAt(path: string): string[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    throw new LinkDefinitionError(`cannot read payment-link definition ${path}: ${(error as Error).message}`);
  }
  if (!isDirectory) return [path];
  const files = readdirSync(path)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(path, name));
  if (files.length === 0) throw new LinkDefinitionError(`no *.yaml payment-link definition in ${path}`);
  return files;
}

/** Every link named by `PAYLENS_LINK` (a file or a directory), each validated. */
export function loadLinkFiles(path: string): LoadedLink[] {
  return linkFilesAt(path).map((file) => ({ ...parseLinkWithLines(readLinkText(file), file), file }));
}

export const DEFAULT_LINK_FILE = new URL('../../../dashboards/payment-link.yaml', import.meta.url).pathname;

/** The demo's links (payment and refund): `paylens --demo` serves them unless PAYLENS_LINK says otherwise. */
export const DEMO_LINKS_DIR = new URL('../../../dashboards/', import.meta.url).pathname;
