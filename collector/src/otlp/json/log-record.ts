import type { LogRow } from '@paylens/store';
import { AttributeSink, setAttribute } from '../attribute-sink.ts';
import { isAllZeroHex, normalizeHexId, SPAN_ID_BYTES, TRACE_ID_BYTES } from '../ids.ts';
import type { DecodeLimits } from '../limits.ts';
import { formatInstant, inStoredRange, isZeroInstant } from '../nanos.ts';
import type { ResourceInfo, ScopeInfo } from '../origin.ts';
import { EVENT_NAME_KEY, newLogRow, severityNumberOf } from '../row-factory.ts';
import { addAttributes, anyValueText } from './any-value.ts';
import {
  asObject,
  get,
  getArray,
  getEnum,
  getInstant,
  getObject,
  getString,
  getUint,
  jsonKey,
  typeError,
} from './fields.ts';

const TIME = jsonKey('LogRecord', 'timeUnixNano');
const OBSERVED_TIME = jsonKey('LogRecord', 'observedTimeUnixNano');
const SEVERITY_NUMBER = jsonKey('LogRecord', 'severityNumber');
const SEVERITY_TEXT = jsonKey('LogRecord', 'severityText');
const BODY = jsonKey('LogRecord', 'body');
const ATTRIBUTES = jsonKey('LogRecord', 'attributes');
const FLAGS = jsonKey('LogRecord', 'flags');
const TRACE_ID = jsonKey('LogRecord', 'traceId');
const SPAN_ID = jsonKey('LogRecord', 'spanId');
const EVENT_NAME = jsonKey('LogRecord', 'eventName');
const SEVERITY_NAMES = ['SEVERITY_NUMBER_UNSPECIFIED'].concat(
  ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].flatMap((level) =>
    ['', '2', '3', '4'].map((suffix) => `SEVERITY_NUMBER_${level}${suffix}`),
  ),
);

function idText(object: Record<string, unknown>, key: typeof TRACE_ID): string {
  const value = get(object, key);
  if (value === undefined) return '';
  if (typeof value !== 'string') throw typeError(key.label, 'a hex string', value);
  return value;
}

function quoted(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** One OTLP/JSON log record into a row (the twin of proto/log-record.ts); the reason when invalid. */
export function decodeJsonLogRecord(
  item: unknown,
  resource: ResourceInfo,
  scope: ScopeInfo,
  limits: DecodeLimits,
): LogRow | string {
  const record = asObject(item, 'LogRecord');
  const row = newLogRow(resource, scope);
  const time = getInstant(record, TIME);
  const observed = getInstant(record, OBSERVED_TIME);
  row.SeverityNumber = severityNumberOf(getEnum(record, SEVERITY_NUMBER, SEVERITY_NAMES));
  row.SeverityText = getString(record, SEVERITY_TEXT, limits.maxAttributeValueLength);
  const body = getObject(record, BODY);
  if (body) row.Body = anyValueText(body, limits, limits.maxBodyLength);
  const attributes = new AttributeSink(limits.maxAttributes);
  addAttributes(getArray(record, ATTRIBUTES), attributes, limits);
  row.TraceFlags = getUint(record, FLAGS) & 0xff;
  const traceIdText = idText(record, TRACE_ID);
  const spanIdText = idText(record, SPAN_ID);
  const eventName = getString(record, EVENT_NAME, limits.maxAttributeValueLength);

  const traceId = traceIdText === '' ? '' : normalizeHexId(traceIdText, TRACE_ID_BYTES);
  if (traceId === undefined)
    return `trace_id must be empty or ${TRACE_ID_BYTES * 2} hex characters, got ${quoted(traceIdText)}`;
  const spanId = spanIdText === '' ? '' : normalizeHexId(spanIdText, SPAN_ID_BYTES);
  if (spanId === undefined)
    return `span_id must be empty or ${SPAN_ID_BYTES * 2} hex characters, got ${quoted(spanIdText)}`;
  const timestamp = isZeroInstant(time) ? observed : time;
  if (isZeroInstant(timestamp)) return 'time_unix_nano and observed_time_unix_nano are both 0';
  if (!inStoredRange(timestamp))
    return `timestamp ${formatInstant(timestamp)} is outside the years 2000–2199`;

  row.TraceId = isAllZeroHex(traceId) ? '' : traceId;
  row.SpanId = isAllZeroHex(spanId) ? '' : spanId;
  row.Timestamp = formatInstant(timestamp);
  const map = attributes.finish();
  if (eventName !== '' && !Object.hasOwn(map, EVENT_NAME_KEY)) setAttribute(map, EVENT_NAME_KEY, eventName);
  row.LogAttributes = map;
  return row;
}
