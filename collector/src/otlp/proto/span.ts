import type { SpanRow } from '@paylens/store';
import { AttributeSink, setAttribute } from '../attribute-sink.ts';
import { hexOfBytes, isAllZeroBytes, SPAN_ID_BYTES, TRACE_ID_BYTES } from '../ids.ts';
import { type DecodeLimits, DROPPED_EVENTS_KEY, DROPPED_LINKS_KEY } from '../limits.ts';
import {
  durationBetween,
  formatInstant,
  type Instant,
  inStoredRange,
  instantFromU64,
  isZeroInstant,
} from '../nanos.ts';
import type { ResourceInfo, ScopeInfo } from '../origin.ts';
import { newSpanRow, spanKindName, statusCodeName } from '../row-factory.ts';
import { decodeUtf8 } from '../text.ts';
import { readAttributeField } from './any-value.ts';
import { FIXED32, FIXED64, fieldTable, LEN, skipUnknown, VARINT, type WireReader } from './wire-reader.ts';

// opentelemetry.proto.trace.v1.Span field keys (field << 3 | wire type).
const TRACE_ID = 0x0a; // 1
const SPAN_ID = 0x12; // 2
const TRACE_STATE = 0x1a; // 3
const PARENT_SPAN_ID = 0x22; // 4
const NAME = 0x2a; // 5
const KIND = 0x30; // 6, varint
const START_TIME = 0x39; // 7, fixed64
const END_TIME = 0x41; // 8, fixed64
const ATTRIBUTES = 0x4a; // 9
const EVENTS = 0x5a; // 11
const LINKS = 0x6a; // 13
const STATUS = 0x7a; // 15
const SPAN_FIELDS = fieldTable('Span', {
  1: ['trace_id', LEN],
  2: ['span_id', LEN],
  3: ['trace_state', LEN],
  4: ['parent_span_id', LEN],
  5: ['name', LEN],
  6: ['kind', VARINT],
  7: ['start_time_unix_nano', FIXED64],
  8: ['end_time_unix_nano', FIXED64],
  9: ['attributes', LEN],
  10: ['dropped_attributes_count', VARINT],
  11: ['events', LEN],
  12: ['dropped_events_count', VARINT],
  13: ['links', LEN],
  14: ['dropped_links_count', VARINT],
  15: ['status', LEN],
  16: ['flags', FIXED32],
});
const EVENT_TIME = 0x09; // Event.time_unix_nano = 1, fixed64
const EVENT_NAME = 0x12; // 2
const EVENT_ATTRIBUTES = 0x1a; // 3
const EVENT_FIELDS = fieldTable('Event', {
  1: ['time_unix_nano', FIXED64],
  2: ['name', LEN],
  3: ['attributes', LEN],
  4: ['dropped_attributes_count', VARINT],
});
const LINK_TRACE_ID = 0x0a; // Link.trace_id = 1
const LINK_SPAN_ID = 0x12; // 2
const LINK_TRACE_STATE = 0x1a; // 3
const LINK_ATTRIBUTES = 0x22; // 4
const LINK_FIELDS = fieldTable('Link', {
  1: ['trace_id', LEN],
  2: ['span_id', LEN],
  3: ['trace_state', LEN],
  4: ['attributes', LEN],
  5: ['dropped_attributes_count', VARINT],
  6: ['flags', FIXED32],
});
const STATUS_MESSAGE = 0x12; // Status.message = 2
const STATUS_CODE = 0x18; // Status.code = 3, varint
const STATUS_FIELDS = fieldTable('Status', { 2: ['message', LEN], 3: ['code', VARINT] });

/** One Span straight into a row; returns the reason instead when the span is invalid. */
export function decodeSpan(
  reader: WireReader,
  end: number,
  resource: ResourceInfo,
  scope: ScopeInfo,
  limits: DecodeLimits,
): SpanRow | string {
  const buf = reader.buf;
  const row = newSpanRow(resource, scope);
  const attributes = new AttributeSink(limits.maxAttributes);
  const maxText = limits.maxAttributeValueLength;
  let traceIdStart = 0;
  let traceIdEnd = 0;
  let spanIdStart = 0;
  let spanIdEnd = 0;
  let parentStart = 0;
  let parentEnd = 0;
  let start: Instant = { sec: 0, nsec: 0 };
  let endTime: Instant = { sec: 0, nsec: 0 };
  let droppedEvents = 0;
  let droppedLinks = 0;
  while (reader.pos < end) {
    const tag = reader.tag(end);
    switch (tag) {
      case ATTRIBUTES:
        readAttributeField(reader, end, attributes, limits);
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
      case PARENT_SPAN_ID:
        parentEnd = reader.lengthEnd(end);
        parentStart = reader.pos;
        reader.pos = parentEnd;
        break;
      case TRACE_STATE:
      case NAME: {
        const textEnd = reader.lengthEnd(end);
        const text = decodeUtf8(buf, reader.pos, textEnd, maxText);
        if (tag === NAME) row.SpanName = text;
        else row.TraceState = text;
        reader.pos = textEnd;
        break;
      }
      case KIND:
        row.SpanKind = spanKindName(reader.varint(end));
        break;
      case START_TIME:
        reader.fixed64(end);
        start = instantFromU64(reader.hi, reader.lo);
        break;
      case END_TIME:
        reader.fixed64(end);
        endTime = instantFromU64(reader.hi, reader.lo);
        break;
      case EVENTS: {
        const eventEnd = reader.lengthEnd(end);
        if (row['Events.Name'].length >= limits.maxEvents) droppedEvents++;
        else decodeEvent(reader, eventEnd, row, limits);
        reader.pos = eventEnd;
        break;
      }
      case LINKS: {
        const linkEnd = reader.lengthEnd(end);
        if (row['Links.TraceId'].length >= limits.maxLinks || !decodeLink(reader, linkEnd, row, limits))
          droppedLinks++;
        reader.pos = linkEnd;
        break;
      }
      case STATUS: {
        const statusEnd = reader.lengthEnd(end);
        decodeStatus(reader, statusEnd, row, maxText);
        reader.pos = statusEnd;
        break;
      }
      default:
        skipUnknown(reader, tag, end, SPAN_FIELDS);
    }
  }

  const traceIdLength = traceIdEnd - traceIdStart;
  if (traceIdLength !== TRACE_ID_BYTES)
    return `trace_id must be ${TRACE_ID_BYTES} bytes, got ${traceIdLength}`;
  if (isAllZeroBytes(buf, traceIdStart, traceIdEnd)) return 'trace_id is all zeros';
  const spanIdLength = spanIdEnd - spanIdStart;
  if (spanIdLength !== SPAN_ID_BYTES) return `span_id must be ${SPAN_ID_BYTES} bytes, got ${spanIdLength}`;
  if (isAllZeroBytes(buf, spanIdStart, spanIdEnd)) return 'span_id is all zeros';
  const parentLength = parentEnd - parentStart;
  if (parentLength !== 0 && parentLength !== SPAN_ID_BYTES)
    return `parent_span_id must be empty or ${SPAN_ID_BYTES} bytes, got ${parentLength}`;
  if (isZeroInstant(start)) return 'start_time_unix_nano is 0';
  if (!inStoredRange(start))
    return `start_time_unix_nano ${formatInstant(start)} is outside the years 2000–2199`;

  row.TraceId = hexOfBytes(buf, traceIdStart, traceIdEnd);
  row.SpanId = hexOfBytes(buf, spanIdStart, spanIdEnd);
  if (parentLength !== 0 && !isAllZeroBytes(buf, parentStart, parentEnd))
    row.ParentSpanId = hexOfBytes(buf, parentStart, parentEnd);
  row.Timestamp = formatInstant(start);
  row.Duration = durationBetween(start, endTime);
  const map = attributes.finish();
  if (droppedEvents > 0) setAttribute(map, DROPPED_EVENTS_KEY, String(droppedEvents));
  if (droppedLinks > 0) setAttribute(map, DROPPED_LINKS_KEY, String(droppedLinks));
  row.SpanAttributes = map;
  return row;
}

function decodeEvent(reader: WireReader, end: number, row: SpanRow, limits: DecodeLimits): void {
  const attributes = new AttributeSink(limits.maxAttributes);
  let time = '0';
  let name = '';
  while (reader.pos < end) {
    const tag = reader.tag(end);
    if (tag === EVENT_ATTRIBUTES) readAttributeField(reader, end, attributes, limits);
    else if (tag === EVENT_TIME) {
      reader.fixed64(end);
      time = formatInstant(instantFromU64(reader.hi, reader.lo));
    } else if (tag === EVENT_NAME) {
      const nameEnd = reader.lengthEnd(end);
      name = decodeUtf8(reader.buf, reader.pos, nameEnd, limits.maxAttributeValueLength);
      reader.pos = nameEnd;
    } else skipUnknown(reader, tag, end, EVENT_FIELDS);
  }
  row['Events.Timestamp'].push(time);
  row['Events.Name'].push(name);
  row['Events.Attributes'].push(attributes.finish());
}

/** Appends the link; false (and nothing appended) when its ids are malformed. */
function decodeLink(reader: WireReader, end: number, row: SpanRow, limits: DecodeLimits): boolean {
  const attributes = new AttributeSink(limits.maxAttributes);
  const buf = reader.buf;
  let traceId: string | undefined;
  let spanId: string | undefined;
  let traceState = '';
  while (reader.pos < end) {
    const tag = reader.tag(end);
    if (tag === LINK_ATTRIBUTES) readAttributeField(reader, end, attributes, limits);
    else if (tag === LINK_TRACE_ID || tag === LINK_SPAN_ID || tag === LINK_TRACE_STATE) {
      const fieldEnd = reader.lengthEnd(end);
      const length = fieldEnd - reader.pos;
      if (tag === LINK_TRACE_STATE)
        traceState = decodeUtf8(buf, reader.pos, fieldEnd, limits.maxAttributeValueLength);
      else if (tag === LINK_TRACE_ID)
        traceId = length === TRACE_ID_BYTES ? hexOfBytes(buf, reader.pos, fieldEnd) : undefined;
      else spanId = length === SPAN_ID_BYTES ? hexOfBytes(buf, reader.pos, fieldEnd) : undefined;
      reader.pos = fieldEnd;
    } else skipUnknown(reader, tag, end, LINK_FIELDS);
  }
  if (traceId === undefined || spanId === undefined) return false;
  row['Links.TraceId'].push(traceId);
  row['Links.SpanId'].push(spanId);
  row['Links.TraceState'].push(traceState);
  row['Links.Attributes'].push(attributes.finish());
  return true;
}

function decodeStatus(reader: WireReader, end: number, row: SpanRow, maxText: number): void {
  while (reader.pos < end) {
    const tag = reader.tag(end);
    if (tag === STATUS_CODE) row.StatusCode = statusCodeName(reader.varint(end));
    else if (tag === STATUS_MESSAGE) {
      const messageEnd = reader.lengthEnd(end);
      row.StatusMessage = decodeUtf8(reader.buf, reader.pos, messageEnd, maxText);
      reader.pos = messageEnd;
    } else skipUnknown(reader, tag, end, STATUS_FIELDS);
  }
}
