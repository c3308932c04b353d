import type { LogRow } from '@paylens/store';
import { AttributeSink, setAttribute } from '../attribute-sink.ts';
import { isAllZeroHex, normalizeHexId, SPAN_ID_BYTES, TRACE_ID_BYTES } from '../ids.ts';
import type { DecodeLimits } from '../limits.ts';
import { formatInstant, inStoredRange, isZeroInstant } from '../nanos.ts';
import type { ResourceInfo, ScopeInfo } from '../origin.ts';
import { EVENT_NAME_KEY, newLogRow, severityNumberOf } from '../row-factory.ts';
import { addAttributes, anyValueText } from './any-value.ts';
import {
  arrayField,
  asObject,
  enumField,
  idField,
  instantField,
  optionalObject,
  stringField,
  uint32Field,
} from './fields.ts';
import { quoted } from './span.ts';

const SEVERITY_NAMES = ['SEVERITY_NUMBER_UNSPECIFIED'].concat(
  ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].flatMap((level) =>
    ['', '2', '3', '4'].map((suffix) => `SEVERITY_NUMBER_${level}${suffix}`),
  ),
);

/** One OTLP/JSON log record into a row (the twin of proto/log-record.ts); the reason when invalid. */
export function decodeJsonLogRecord(
  item: unknown,
  resource: ResourceInfo,
  scope: ScopeInfo,
  limits: DecodeLimits,
): LogRow | string {
  const record = asObject(item, 'LogRecord');
  const maxText = limits.maxAttributeValueLength;
  const row = newLogRow(resource, scope);
  const time = instantField(record.timeUnixNano ?? record.time_unix_nano, 'LogRecord.timeUnixNano');
  const observed = instantField(
    record.observedTimeUnixNano ?? record.observed_time_unix_nano,
    'LogRecord.observedTimeUnixNano',
  );
  const severity = enumField(
    record.severityNumber ?? record.severity_number,
    'LogRecord.severityNumber',
    SEVERITY_NAMES,
  );
  row.SeverityNumber = severityNumberOf(severity);
  row.SeverityText = stringField(
    record.severityText ?? record.severity_text,
    'LogRecord.severityText',
    maxText,
  );
  const body = optionalObject(record.body, 'LogRecord.body');
  if (body) row.Body = anyValueText(body, limits, limits.maxBodyLength);
  const attributes = new AttributeSink(limits.maxAttributes);
  addAttributes(arrayField(record.attributes, 'LogRecord.attributes'), attributes, limits);
  row.TraceFlags = uint32Field(record.flags, 'LogRecord.flags') & 0xff;
  const traceIdText = idField(record.traceId ?? record.trace_id, 'LogRecord.traceId');
  const spanIdText = idField(record.spanId ?? record.span_id, 'LogRecord.spanId');
  const eventName = stringField(record.eventName ?? record.event_name, 'LogRecord.eventName', maxText);

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
