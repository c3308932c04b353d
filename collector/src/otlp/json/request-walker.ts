import type { DecodeOutcome } from '../../decoders.ts';
import { AttributeSink } from '../attribute-sink.ts';
import { OtlpDecodeError } from '../errors.ts';
import type { DecodeLimits } from '../limits.ts';
import { type ResourceInfo, resourceInfo, type ScopeInfo } from '../origin.ts';
import { Rejections } from '../rejections.ts';
import { addAttributes } from './any-value.ts';
import { asObject, getArray, getObject, getString, type JsonKey, jsonKey } from './fields.ts';

/** OTLP/JSON twin of proto/request-walker.ts: request → resource groups → scope groups → items. */
export interface JsonSignalSchema<Row> {
  noun: string;
  resourceGroups: JsonKey;
  scopeGroups: JsonKey;
  items: JsonKey;
  decodeItem(item: unknown, resource: ResourceInfo, scope: ScopeInfo, limits: DecodeLimits): Row | string;
}

const RESOURCE = jsonKey('Resource', 'resource');
const SCOPE = jsonKey('Scope', 'scope');
const SCHEMA_URL = jsonKey('Scope', 'schemaUrl');
const ATTRIBUTES = jsonKey('Resource', 'attributes');
const NAME = jsonKey('InstrumentationScope', 'name');
const VERSION = jsonKey('InstrumentationScope', 'version');

interface Cursor {
  resource: number;
  item: number;
  inItem: boolean;
}

/** Parses the body as JSON (invalid UTF-8 becomes U+FFFD) and walks it into rows. */
export function decodeJsonRequest<Row>(
  body: Uint8Array | string,
  limits: DecodeLimits,
  schema: JsonSignalSchema<Row>,
): DecodeOutcome<Row> {
  const request = parseJson(body);
  const rows: Row[] = [];
  const rejections = new Rejections();
  const cursor: Cursor = { resource: -1, item: -1, inItem: false };
  try {
    const groups = getArray(asObject(request, 'the request'), schema.resourceGroups);
    for (const group of groups) {
      cursor.resource++;
      decodeResourceGroup(
        asObject(group, schema.resourceGroups.label),
        schema,
        limits,
        cursor,
        rows,
        rejections,
      );
    }
  } catch (error) {
    if (!(error instanceof OtlpDecodeError)) throw error;
    const where = cursor.inItem
      ? `${schema.noun} ${cursor.item}`
      : cursor.resource >= 0
        ? `resource ${cursor.resource}`
        : 'request';
    throw new OtlpDecodeError(`${where}: ${error.message}`);
  }
  return { rows, rejected: rejections.count, errorMessage: rejections.summary(schema.noun) };
}

function parseJson(body: Uint8Array | string): unknown {
  let text =
    typeof body === 'string'
      ? body
      : (Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength)).toString(
          'utf8',
        );
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new OtlpDecodeError(`invalid JSON: ${(error as Error).message}`);
  }
}

function decodeResourceGroup<Row>(
  group: Record<string, unknown>,
  schema: JsonSignalSchema<Row>,
  limits: DecodeLimits,
  cursor: Cursor,
  rows: Row[],
  rejections: Rejections,
): void {
  const sink = new AttributeSink(limits.maxAttributes);
  const resource = getObject(group, RESOURCE);
  if (resource) addAttributes(getArray(resource, ATTRIBUTES), sink, limits);
  const info = resourceInfo(sink.finish(), getString(group, SCHEMA_URL, limits.maxAttributeValueLength));
  for (const scopeGroup of getArray(group, schema.scopeGroups)) {
    decodeScopeGroup(
      asObject(scopeGroup, schema.scopeGroups.label),
      schema,
      limits,
      info,
      cursor,
      rows,
      rejections,
    );
  }
}

function decodeScopeGroup<Row>(
  group: Record<string, unknown>,
  schema: JsonSignalSchema<Row>,
  limits: DecodeLimits,
  resource: ResourceInfo,
  cursor: Cursor,
  rows: Row[],
  rejections: Rejections,
): void {
  const sink = new AttributeSink(limits.maxAttributes);
  const scope: ScopeInfo = { name: '', version: '', attributes: {}, schemaUrl: '' };
  const scopeObject = getObject(group, SCOPE);
  if (scopeObject) {
    scope.name = getString(scopeObject, NAME, limits.maxAttributeValueLength);
    scope.version = getString(scopeObject, VERSION, limits.maxAttributeValueLength);
    addAttributes(getArray(scopeObject, ATTRIBUTES), sink, limits);
  }
  scope.attributes = sink.finish();
  scope.schemaUrl = getString(group, SCHEMA_URL, limits.maxAttributeValueLength);
  for (const item of getArray(group, schema.items)) {
    cursor.item++;
    cursor.inItem = true;
    const decoded = schema.decodeItem(item, resource, scope, limits);
    cursor.inItem = false;
    if (typeof decoded === 'string') rejections.add(`${schema.noun} ${cursor.item}: ${decoded}`);
    else rows.push(decoded);
  }
}
