import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { type LinkDefinition, linkSchema } from './definition.ts';

export class LinkDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinkDefinitionError';
  }
}

/** Parses and validates a payment-link YAML text; errors name the file, line and field. */
export function parseLink(text: string, fileName: string): LinkDefinition {
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
  if (result.success) return result.data;
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
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new LinkDefinitionError(`cannot read payment-link definition ${path}: ${(error as Error).message}`);
  }
  return parseLink(text, path);
}

export const DEFAULT_LINK_FILE = new URL('../../../dashboards/payment-link.yaml', import.meta.url).pathname;
