import type { DecodeOutcome } from '../../decoders.ts';
import { AttributeSink } from '../attribute-sink.ts';
import { OtlpDecodeError } from '../errors.ts';
import type { DecodeLimits } from '../limits.ts';
import { type ResourceInfo, resourceInfo, type ScopeInfo } from '../origin.ts';
import { Rejections } from '../rejections.ts';
import { decodeUtf8 } from '../text.ts';
import { decodeResourceInto, decodeScopeInto } from './resource-scope.ts';
import { type FieldTable, skipUnknown, WireReader } from './wire-reader.ts';

/**
 * Traces and logs share one shape: request → Resource{Spans,Logs} (resource = 1, scope_x = 2,
 * schema_url = 3) → Scope{Spans,Logs} (scope = 1, items = 2, schema_url = 3) → items. A signal
 * supplies the field names for messages and the decoder of one item.
 */
export interface SignalSchema<Row> {
  /** `span` or `log`: prefixes rejection reasons and error locations (`span 3: …`). */
  noun: string;
  requestFields: FieldTable;
  resourceFields: FieldTable;
  scopeFields: FieldTable;
  /** Decodes one item: its row, or the reason it is rejected. Throws OtlpDecodeError when malformed. */
  decodeItem(
    reader: WireReader,
    end: number,
    resource: ResourceInfo,
    scope: ScopeInfo,
    limits: DecodeLimits,
  ): Row | string;
}

const FIRST = 0x0a; // field 1, LEN: resource groups in the request, resource in a group, scope in a scope group
const SECOND = 0x12; // field 2, LEN: scope groups in a resource group, items in a scope group
const SCHEMA_URL = 0x1a; // field 3, LEN

interface Cursor {
  resource: number;
  item: number;
  inItem: boolean;
}

export function decodeProtobufRequest<Row>(
  body: Uint8Array,
  limits: DecodeLimits,
  schema: SignalSchema<Row>,
): DecodeOutcome<Row> {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const reader = new WireReader(buf);
  const rows: Row[] = [];
  const rejections = new Rejections();
  const cursor: Cursor = { resource: -1, item: -1, inItem: false };
  const end = buf.length;
  try {
    while (reader.pos < end) {
      const tag = reader.tag(end);
      if (tag === FIRST) {
        const groupEnd = reader.lengthEnd(end);
        cursor.resource++;
        decodeResourceGroup(reader, groupEnd, schema, limits, cursor, rows, rejections);
        reader.pos = groupEnd;
      } else skipUnknown(reader, tag, end, schema.requestFields);
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

function decodeResourceGroup<Row>(
  reader: WireReader,
  end: number,
  schema: SignalSchema<Row>,
  limits: DecodeLimits,
  cursor: Cursor,
  rows: Row[],
  rejections: Rejections,
): void {
  // The resource must be known before any of its rows is built, wherever it sits in the group.
  const start = reader.pos;
  const sink = new AttributeSink(limits.maxAttributes);
  let schemaUrl = '';
  while (reader.pos < end) {
    const tag = reader.tag(end);
    if (tag === FIRST) {
      const resourceEnd = reader.lengthEnd(end);
      decodeResourceInto(reader, resourceEnd, sink, limits);
      reader.pos = resourceEnd;
    } else if (tag === SECOND) {
      reader.pos = reader.lengthEnd(end);
    } else if (tag === SCHEMA_URL) {
      const urlEnd = reader.lengthEnd(end);
      schemaUrl = decodeUtf8(reader.buf, reader.pos, urlEnd, limits.maxAttributeValueLength);
      reader.pos = urlEnd;
    } else skipUnknown(reader, tag, end, schema.resourceFields);
  }
  const resource = resourceInfo(sink.finish(), schemaUrl);
  reader.pos = start;
  while (reader.pos < end) {
    const tag = reader.tag(end);
    if (tag !== SECOND) {
      reader.skip(tag, end);
      continue;
    }
    const scopeGroupEnd = reader.lengthEnd(end);
    decodeScopeGroup(reader, scopeGroupEnd, schema, limits, resource, cursor, rows, rejections);
    reader.pos = scopeGroupEnd;
  }
}

function decodeScopeGroup<Row>(
  reader: WireReader,
  end: number,
  schema: SignalSchema<Row>,
  limits: DecodeLimits,
  resource: ResourceInfo,
  cursor: Cursor,
  rows: Row[],
  rejections: Rejections,
): void {
  const start = reader.pos;
  const scope: ScopeInfo = { name: '', version: '', attributes: {}, schemaUrl: '' };
  const sink = new AttributeSink(limits.maxAttributes);
  while (reader.pos < end) {
    const tag = reader.tag(end);
    if (tag === FIRST) {
      const scopeEnd = reader.lengthEnd(end);
      decodeScopeInto(reader, scopeEnd, scope, sink, limits);
      reader.pos = scopeEnd;
    } else if (tag === SECOND) {
      reader.pos = reader.lengthEnd(end);
    } else if (tag === SCHEMA_URL) {
      const urlEnd = reader.lengthEnd(end);
      scope.schemaUrl = decodeUtf8(reader.buf, reader.pos, urlEnd, limits.maxAttributeValueLength);
      reader.pos = urlEnd;
    } else skipUnknown(reader, tag, end, schema.scopeFields);
  }
  scope.attributes = sink.finish();
  reader.pos = start;
  while (reader.pos < end) {
    const tag = reader.tag(end);
    if (tag !== SECOND) {
      reader.skip(tag, end);
      continue;
    }
    const itemEnd = reader.lengthEnd(end);
    cursor.item++;
    cursor.inItem = true;
    const decoded = schema.decodeItem(reader, itemEnd, resource, scope, limits);
    cursor.inItem = false;
    if (typeof decoded === 'string') rejections.add(`${schema.noun} ${cursor.item}: ${decoded}`);
    else rows.push(decoded);
    reader.pos = itemEnd;
  }
}
