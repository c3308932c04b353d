import type { AttributeMap, LogRow } from '@paylens/store';
import type { DecodeOutcome } from '../decoders.ts';
import { AttributeSink } from '../otlp/attribute-sink.ts';
import { isAllZeroHex, normalizeHexId, SPAN_ID_BYTES, TRACE_ID_BYTES } from '../otlp/ids.ts';
import { formatInstant, inStoredRange, instantFromDecimal } from '../otlp/nanos.ts';
import { resourceInfo, type ScopeInfo, SERVICE_NAME_KEY } from '../otlp/origin.ts';
import { Rejections } from '../otlp/rejections.ts';
import { newLogRow } from '../otlp/row-factory.ts';
import { truncate, wellFormed } from '../otlp/text.ts';
import { flattenInto, isPlainObject } from './flatten.ts';
import { type NdjsonOptions, type ResolvedNdjsonOptions, resolveNdjsonOptions } from './options.ts';
import { severityOf } from './severity.ts';
import { parseLogTimestamp } from './timestamp.ts';

const NO_SCOPE: ScopeInfo = Object.freeze({ name: '', version: '', attributes: {}, schemaUrl: '' });

interface Found {
  value: unknown;
  path: string;
}

/** The first of `names` present in the line: a top-level key, or else a dotted path. */
function findField(line: Record<string, unknown>, names: readonly string[]): Found | undefined {
  for (const name of names) {
    if (Object.hasOwn(line, name) && line[name] !== undefined) return { value: line[name], path: name };
    if (!name.includes('.')) continue;
    let node: unknown = line;
    for (const segment of name.split('.'))
      node = isPlainObject(node) && Object.hasOwn(node, segment) ? node[segment] : undefined;
    if (node !== undefined) return { value: node, path: name };
  }
  return undefined;
}

/** A value for an error message: JSON, cut short. */
function describe(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 42 ? `${json.slice(0, 41)}…` : json;
}

/**
 * `POST /v1/logs/ndjson`: one JSON object a line → log rows. A bad line (not JSON, not an object,
 * an unreadable timestamp, a malformed id) is rejected and counted with its line number; the good
 * lines are kept. Never throws.
 */
export function parseNdjsonLogs(body: Uint8Array | string, options?: NdjsonOptions): DecodeOutcome<LogRow> {
  const resolved = resolveNdjsonOptions(options);
  const text =
    typeof body === 'string'
      ? body
      : (Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength)).toString(
          'utf8',
        );
  const rows: LogRow[] = [];
  const rejections = new Rejections();
  const resources = new Map<string, AttributeMap>();
  let lineNumber = 0;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNumber++;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    const row = parseLine(line, resolved, resources);
    if (typeof row === 'string') rejections.add(`line ${lineNumber}: ${row}`);
    else rows.push(row);
  }
  return { rows, rejected: rejections.count, errorMessage: rejections.summary('line') };
}

function parseLine(
  text: string,
  options: ResolvedNdjsonOptions,
  resources: Map<string, AttributeMap>,
): LogRow | string {
  let line: unknown;
  try {
    line = JSON.parse(text);
  } catch (error) {
    return `invalid JSON (${(error as Error).message})`;
  }
  if (!isPlainObject(line)) return 'not a JSON object';
  const { fields, limits } = options;
  const consumed = new Set<string>();
  const take = (names: readonly string[]): unknown => {
    const found = findField(line, names);
    if (!found) return undefined;
    consumed.add(found.path);
    return found.value;
  };

  const timestampValue = take(fields.timestamp);
  const timestamp =
    timestampValue === undefined ? instantFromDecimal(options.nowNs()) : parseLogTimestamp(timestampValue);
  if (!timestamp) return `unreadable timestamp ${describe(timestampValue)}`;
  if (!inStoredRange(timestamp))
    return `timestamp ${formatInstant(timestamp)} is outside the years 2000–2199`;

  const bodyValue = take(fields.body);
  const bodyText =
    bodyValue === undefined ? '' : typeof bodyValue === 'string' ? bodyValue : JSON.stringify(bodyValue);
  const body = wellFormed(truncate(bodyText, limits.maxBodyLength));

  const traceIdValue = take(fields.traceId);
  const spanIdValue = take(fields.spanId);
  let traceId = idField(traceIdValue, TRACE_ID_BYTES);
  let spanId = idField(spanIdValue, SPAN_ID_BYTES);
  if (traceId === undefined)
    return `trace_id must be ${TRACE_ID_BYTES * 2} hex characters, got ${describe(traceIdValue)}`;
  if (spanId === undefined)
    return `span_id must be ${SPAN_ID_BYTES * 2} hex characters, got ${describe(spanIdValue)}`;
  if (traceId === '' && options.idPattern) {
    const groups = options.idPattern.exec(body)?.groups;
    traceId = idField(groups?.trace_id, TRACE_ID_BYTES) ?? '';
    if (spanId === '') spanId = idField(groups?.span_id, SPAN_ID_BYTES) ?? '';
  }

  const severity = severityOf(take(fields.severity));
  const serviceValue = take(fields.service);
  const service =
    serviceValue === undefined
      ? ''
      : wellFormed(
          truncate(typeof serviceValue === 'string' ? serviceValue : JSON.stringify(serviceValue), 1024),
        );
  let resourceAttributes = resources.get(service);
  if (!resourceAttributes) {
    resourceAttributes = service === '' ? {} : { [SERVICE_NAME_KEY]: service };
    resources.set(service, resourceAttributes);
  }

  const row = newLogRow(resourceInfo(resourceAttributes, ''), NO_SCOPE);
  row.Timestamp = formatInstant(timestamp);
  row.TraceId = traceId;
  row.SpanId = spanId;
  row.SeverityText = wellFormed(truncate(severity.text, limits.maxAttributeValueLength));
  row.SeverityNumber = severity.number;
  row.Body = body;
  const attributes = new AttributeSink(limits.maxAttributes);
  flattenInto(line, consumed, attributes, limits);
  row.LogAttributes = attributes.finish();
  return row;
}

/** '' when absent or all zeros, lowercase hex when valid, undefined when malformed. */
function idField(value: unknown, bytes: number): string | undefined {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value !== 'string') return undefined;
  const hex = normalizeHexId(value.trim(), bytes);
  if (hex === undefined) return undefined;
  return isAllZeroHex(hex) ? '' : hex;
}
