import type { LogRow } from '@paylens/store';
import { AttributeSink, setAttribute } from '../attribute-sink.ts';
import { hexOfBytes, isAllZeroBytes, SPAN_ID_BYTES, TRACE_ID_BYTES } from '../ids.ts';
import type { DecodeLimits } from '../limits.ts';
import { formatInstant, type Instant, inStoredRange, instantFromU64, isZeroInstant } from '../nanos.ts';
import type { ResourceInfo, ScopeInfo } from '../origin.ts';
import { EVENT_NAME_KEY, newLogRow, severityNumberOf } from '../row-factory.ts';
import { decodeUtf8 } from '../text.ts';
import { decodeAnyValueText, readAttributeField } from './any-value.ts';
import { FIXED32, FIXED64, fieldTable, LEN, skipUnknown, VARINT, type WireReader } from './wire-reader.ts';

// opentelemetry.proto.logs.v1.LogRecord field keys (field << 3 | wire type).
const TIME = 0x09; // 1, fixed64
const SEVERITY_NUMBER = 0x10; // 2, varint
const SEVERITY_TEXT = 0x1a; // 3
const BODY = 0x2a; // 5
const ATTRIBUTES = 0x32; // 6
const FLAGS = 0x45; // 8, fixed32
const TRACE_ID = 0x4a; // 9
const SPAN_ID = 0x52; // 10
const OBSERVED_TIME = 0x59; // 11, fixed64
const EVENT_NAME = 0x62; // 12
const LOG_FIELDS = fieldTable('LogRecord', {
  1: ['time_unix_nano', FIXED64],
  2: ['severity_number', VARINT],
  3: ['severity_text', LEN],
  5: ['body', LEN],
  6: ['attributes', LEN],
  7: ['dropped_attributes_count', VARINT],
  8: ['flags', FIXED32],
  9: ['trace_id', LEN],
  10: ['span_id', LEN],
  11: ['observed_time_unix_nano', FIXED64],
  12: ['event_name', LEN],
});
const ZERO: Instant = { sec: 0, nsec: 0 };

/** One LogRecord straight into a row; returns the reason instead when the record is invalid. */
export function decodeLogRecord(
  reader: WireReader,
  end: number,
  resource: ResourceInfo,
  scope: ScopeInfo,
  limits: DecodeLimits,
): LogRow | string {
  const buf = reader.buf;
  const row = newLogRow(resource, scope);
  const attributes = new AttributeSink(limits.maxAttributes);
  let time = ZERO;
  let observed = ZERO;
  let traceIdStart = 0;
  let traceIdEnd = 0;
  let spanIdStart = 0;
  let spanIdEnd = 0;
  let eventName = '';
  while (reader.pos < end) {
    const tag = reader.tag(end);
    switch (tag) {
      case ATTRIBUTES:
        readAttributeField(reader, end, attributes, limits);
        break;
      case TIME:
      case OBSERVED_TIME:
        reader.fixed64(end);
        if (tag === TIME) time = instantFromU64(reader.hi, reader.lo);
        else observed = instantFromU64(reader.hi, reader.lo);
        break;
      case SEVERITY_NUMBER:
        row.SeverityNumber = severityNumberOf(reader.varint(end));
        break;
      case SEVERITY_TEXT:
      case EVENT_NAME: {
        const textEnd = reader.lengthEnd(end);
        const text = decodeUtf8(buf, reader.pos, textEnd, limits.maxAttributeValueLength);
        if (tag === SEVERITY_TEXT) row.SeverityText = text;
        else eventName = text;
        reader.pos = textEnd;
        break;
      }
      case BODY: {
        const bodyEnd = reader.lengthEnd(end);
        row.Body = decodeAnyValueText(reader, bodyEnd, limits, limits.maxBodyLength);
        reader.pos = bodyEnd;
        break;
      }
      case FLAGS:
        row.TraceFlags = reader.fixed32(end) & 0xff;
        break;
      case TRACE_ID:
        traceIdEnd = reader.lengthEnd(end);
        traceIdStart = reader.pos;
        reader.pos = traceIdEnd;
        break;
      case SPAN_ID:
        spanIdEnd = reader.lengthEnd(end);
        spanIdStart = reader.pos;
        reader.pos = spanIdEnd;
        break;
      default:
        skipUnknown(reader, tag, end, LOG_FIELDS);
    }
  }

  // Logs may be uncorrelated (no ids; all zeros means the same), but not carry malformed ids.
  const traceIdLength = traceIdEnd - traceIdStart;
  if (traceIdLength !== 0 && traceIdLength !== TRACE_ID_BYTES)
    return `trace_id must be empty or ${TRACE_ID_BYTES} bytes, got ${traceIdLength}`;
  const spanIdLength = spanIdEnd - spanIdStart;
  if (spanIdLength !== 0 && spanIdLength !== SPAN_ID_BYTES)
    return `span_id must be empty or ${SPAN_ID_BYTES} bytes, got ${spanIdLength}`;
  const timestamp = isZeroInstant(time) ? observed : time;
  if (isZeroInstant(timestamp)) return 'time_unix_nano and observed_time_unix_nano are both 0';
  if (!inStoredRange(timestamp))
    return `timestamp ${formatInstant(timestamp)} is outside the years 2000–2199`;

  if (traceIdLength !== 0 && !isAllZeroBytes(buf, traceIdStart, traceIdEnd))
    row.TraceId = hexOfBytes(buf, traceIdStart, traceIdEnd);
  if (spanIdLength !== 0 && !isAllZeroBytes(buf, spanIdStart, spanIdEnd))
    row.SpanId = hexOfBytes(buf, spanIdStart, spanIdEnd);
  row.Timestamp = formatInstant(timestamp);
  const map = attributes.finish();
  if (eventName !== '' && !Object.hasOwn(map, EVENT_NAME_KEY)) setAttribute(map, EVENT_NAME_KEY, eventName);
  row.LogAttributes = map;
  return row;
}
