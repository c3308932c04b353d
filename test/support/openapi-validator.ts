import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

/**
 * server/openapi.yaml as a response validator: OpenAPI 3.1 schemas are JSON Schema 2020-12, so the
 * whole document is handed to Ajv and each response is checked against the schema its operation
 * declares for the status (following `$ref`s to shared responses).
 */
export const OPENAPI_FILE = new URL('../../server/openapi.yaml', import.meta.url);
const DOCUMENT_ID = 'paylens-openapi';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

type Json = Record<string, unknown>;

export interface Operation {
  method: string;
  /** The path template as documented, e.g. `/traces/{traceId}`. */
  path: string;
  statuses: string[];
}

export interface OpenApiValidator {
  operations: Operation[];
  /**
   * Keys that are phrases with no value: an unquoted description holding a comma inside a YAML
   * flow mapping (`{ description: a, b }` makes `b` a key). They are dropped before validating.
   */
  documentProblems: string[];
  /** The documented path template matching a concrete path (`/traces/ab12…` → `/traces/{traceId}`). */
  match(path: string): string | undefined;
  /** Problems with a response (empty when it conforms); an undocumented status is one. */
  validate(method: string, path: string, status: number, body: unknown): string[];
  /** Properties present in the body that its schema does not name (the shape grew, the document did not). */
  undocumented(method: string, path: string, status: number, body: unknown): string[];
}

// ajv-formats is CommonJS with a default export; under ESM its function is the module's `default`.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;

export function loadOpenApi(file: URL = OPENAPI_FILE): OpenApiValidator {
  const documentProblems: string[] = [];
  const document = withoutStrayKeys(parse(readFileSync(file, 'utf8')), '', documentProblems) as Json;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  // OpenAPI's own words around the schemas: not schema keywords, but part of the document.
  for (const keyword of ['openapi', 'info', 'servers', 'security', 'paths', 'components'])
    ajv.addKeyword(keyword);
  ajv.addSchema({ ...document, $id: DOCUMENT_ID });

  const paths = (document.paths ?? {}) as Record<string, Json>;
  const operations: Operation[] = Object.entries(paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      method,
      path,
      statuses: Object.keys(((item[method] as Json).responses ?? {}) as Json),
    })),
  );
  const templates = Object.keys(paths).map((path) => ({
    path,
    pattern: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^/}]+\}/g, '[^/]+')}$`),
  }));
  const compiled = new Map<string, ValidateFunction | undefined>();

  /** JSON pointer to the body schema of (path, method, status), or undefined when undocumented. */
  const schemaPointer = (method: string, path: string, status: number): string | undefined => {
    const responses = ((paths[path]?.[method] as Json | undefined)?.responses ?? {}) as Json;
    const key =
      String(status) in responses
        ? String(status)
        : `${String(status)[0]}XX` in responses
          ? `${String(status)[0]}XX`
          : 'default';
    let response = responses[key] as Json | undefined;
    let pointer = `/paths/${pointerSegment(path)}/${method}/responses/${key}`;
    if (response?.$ref) {
      pointer = String(response.$ref).slice(1);
      response = resolvePointer(document, pointer) as Json | undefined;
    }
    if (!response) return undefined;
    const content = (response.content ?? {}) as Json;
    return 'application/json' in content
      ? `${pointer}/content/${pointerSegment('application/json')}/schema`
      : '';
  };

  const validatorFor = (pointer: string): ValidateFunction | undefined => {
    if (!compiled.has(pointer)) compiled.set(pointer, ajv.compile({ $ref: `${DOCUMENT_ID}#${pointer}` }));
    return compiled.get(pointer);
  };

  return {
    operations,
    documentProblems,
    match: (path) => templates.find((template) => template.pattern.test(path))?.path,
    validate(method, path, status, body) {
      const pointer = schemaPointer(method, path, status);
      if (pointer === undefined)
        return [`${method.toUpperCase()} ${path}: status ${status} is not documented`];
      if (pointer === '') return [];
      const validate = validatorFor(pointer)!;
      if (validate(body)) return [];
      return (validate.errors ?? []).map(
        (error) => `${error.instancePath || '(body)'} ${error.message ?? ''}`,
      );
    },
    undocumented(method, path, status, body) {
      const pointer = schemaPointer(method, path, status);
      if (!pointer) return [];
      return extraProperties(document, resolvePointer(document, pointer), body, '');
    },
  };
}

function withoutStrayKeys(node: unknown, at: string, problems: string[]): unknown {
  if (Array.isArray(node)) return node.map((item, i) => withoutStrayKeys(item, `${at}/${i}`, problems));
  if (!node || typeof node !== 'object') return node;
  const kept: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (value === null && key.includes(' '))
      problems.push(`${at}: stray key '${key}' (a description cut at a comma?)`);
    else kept[key] = withoutStrayKeys(value, `${at}/${key}`, problems);
  }
  return kept;
}

function pointerSegment(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function resolvePointer(document: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, part) => (node as Json | undefined)?.[part], document);
}

/** Names the schema gives an object's properties, through `$ref` and `allOf`. */
function namedProperties(document: Json, schema: unknown): { names: Map<string, unknown[]>; open: boolean } {
  const names = new Map<string, unknown[]>();
  let open = false;
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const s = node as Json;
    if (typeof s.$ref === 'string') visit(resolvePointer(document, s.$ref.slice(1)));
    for (const part of (s.allOf ?? []) as unknown[]) visit(part);
    if (s.additionalProperties !== undefined && s.additionalProperties !== false) open = true;
    for (const [name, sub] of Object.entries((s.properties ?? {}) as Json))
      names.set(name, [...(names.get(name) ?? []), sub]);
  };
  visit(schema);
  return { names, open };
}

function itemsOf(document: Json, schema: unknown): unknown[] {
  const out: unknown[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const s = node as Json;
    if (typeof s.$ref === 'string') visit(resolvePointer(document, s.$ref.slice(1)));
    for (const part of (s.allOf ?? []) as unknown[]) visit(part);
    if (s.items) out.push(s.items);
  };
  visit(schema);
  return out;
}

function extraProperties(document: Json, schema: unknown, body: unknown, at: string): string[] {
  if (Array.isArray(body)) {
    const items = itemsOf(document, schema);
    return items.length === 0
      ? []
      : body
          .slice(0, 5)
          .flatMap((item) => items.flatMap((s) => extraProperties(document, s, item, `${at}[]`)));
  }
  if (!body || typeof body !== 'object') return [];
  const { names, open } = namedProperties(document, schema);
  if (open && names.size === 0) return [];
  return Object.entries(body as Json).flatMap(([name, value]) => {
    const subs = names.get(name);
    if (!subs) return open ? [] : [`${at}.${name}`];
    return subs.flatMap((sub) => extraProperties(document, sub, value, `${at}.${name}`));
  });
}
