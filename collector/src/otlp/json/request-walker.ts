import type { DecodeOutcome } from '../../decoders.ts';
import { AttributeSink } from '../attribute-sink.ts';
import { OtlpDecodeError } from '../errors.ts';
import type { DecodeLimits } from '../limits.ts';
import { type ResourceInfo, resourceInfo, type ScopeInfo } from '../origin.ts';
import { Rejections } from '../rejections.ts';
import { addAttributes } from './any-value.ts';
import { arrayField, asObject, type JsonObject, optionalObject, stringField } from './fields.ts';

/** OTLP/JSON twin of proto/request-walker.ts: request → resource groups → scope groups → items. */
export interface JsonSignalSchema<Row> {
  noun: string;
  /** Field names: `resourceSpans` / `scopeSpans` / `spans` and the logs' equivalents. */
  resourceGroups: string;
  scopeGroups: string;
  items: string;
  decodeItem(item: unknown, resource: ResourceInfo, scope: ScopeInfo, limits: DecodeLimits): Row | string;
}

interface Cursor {
  resource: number;
  item: number;
  inItem: boolean;
}

function snakeCase(camel: string): string {
  return camel.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** A group-level field, camelCase or snake_case (read once per group, so a keyed read is fine). */
function field(object: JsonObject, camel: string): unknown {
  return object[camel] ?? object[snakeCase(camel)];
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
    const groupsLabel = `request.${schema.resourceGroups}`;
    const groups = arrayField(field(asObject(request, 'the request'), schema.resourceGroups), groupsLabel);
    for (const group of groups) {
      cursor.resource++;
      decodeResourceGroup(asObject(group, groupsLabel), schema, limits, cursor, rows, rejections);
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
  group: JsonObject,
  schema: JsonSignalSchema<Row>,
  limits: DecodeLimits,
  cursor: Cursor,
  rows: Row[],
  rejections: Rejections,
): void {
  const sink = new AttributeSink(limits.maxAttributes);
  const resource = optionalObject(group.resource, 'resource');
  if (resource) addAttributes(arrayField(resource.attributes, 'Resource.attributes'), sink, limits);
  const schemaUrl = stringField(field(group, 'schemaUrl'), 'schemaUrl', limits.maxAttributeValueLength);
  const info = resourceInfo(sink.finish(), schemaUrl);
  const label = `${schema.resourceGroups}.${schema.scopeGroups}`;
  for (const scopeGroup of arrayField(field(group, schema.scopeGroups), label)) {
    decodeScopeGroup(asObject(scopeGroup, label), schema, limits, info, cursor, rows, rejections);
  }
}

function decodeScopeGroup<Row>(
  group: JsonObject,
  schema: JsonSignalSchema<Row>,
  limits: DecodeLimits,
  resource: ResourceInfo,
  cursor: Cursor,
  rows: Row[],
  rejections: Rejections,
): void {
  const maxText = limits.maxAttributeValueLength;
  const sink = new AttributeSink(limits.maxAttributes);
  const scope: ScopeInfo = { name: '', version: '', attributes: {}, schemaUrl: '' };
  const scopeObject = optionalObject(group.scope, 'scope');
  if (scopeObject) {
    scope.name = stringField(scopeObject.name, 'InstrumentationScope.name', maxText);
    scope.version = stringField(scopeObject.version, 'InstrumentationScope.version', maxText);
    addAttributes(arrayField(scopeObject.attributes, 'InstrumentationScope.attributes'), sink, limits);
  }
  scope.attributes = sink.finish();
  scope.schemaUrl = stringField(field(group, 'schemaUrl'), 'schemaUrl', maxText);
  const items = arrayField(field(group, schema.items), `${schema.scopeGroups}.${schema.items}`);
  for (let i = 0; i < items.length; i++) {
    cursor.item++;
    cursor.inItem = true;
    const decoded = schema.decodeItem(items[i], resource, scope, limits);
    cursor.inItem = false;
    if (typeof decoded === 'string') rejections.add(`${schema.noun} ${cursor.item}: ${decoded}`);
    else rows.push(decoded);
  }
}
