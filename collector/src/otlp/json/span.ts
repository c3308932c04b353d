import type { SpanRow } from '@paylens/store';
import { AttributeSink, setAttribute } from '../attribute-sink.ts';
import { isAllZeroHex, normalizeHexId, SPAN_ID_BYTES, TRACE_ID_BYTES } from '../ids.ts';
import { type DecodeLimits, DROPPED_EVENTS_KEY, DROPPED_LINKS_KEY } from '../limits.ts';
import { durationBetween, formatInstant, inStoredRange, isZeroInstant } from '../nanos.ts';
import type { ResourceInfo, ScopeInfo } from '../origin.ts';
import { newSpanRow, spanKindName, statusCodeName } from '../row-factory.ts';
import { addAttributes } from './any-value.ts';
import {
  asObject,
  get,
  getArray,
  getEnum,
  getInstant,
  getObject,
  getString,
  jsonKey,
  typeError,
} from './fields.ts';

const TRACE_ID = jsonKey('Span', 'traceId');
const SPAN_ID = jsonKey('Span', 'spanId');
const PARENT_SPAN_ID = jsonKey('Span', 'parentSpanId');
const TRACE_STATE = jsonKey('Span', 'traceState');
const NAME = jsonKey('Span', 'name');
const KIND = jsonKey('Span', 'kind');
const START_TIME = jsonKey('Span', 'startTimeUnixNano');
const END_TIME = jsonKey('Span', 'endTimeUnixNano');
const ATTRIBUTES = jsonKey('Span', 'attributes');
const EVENTS = jsonKey('Span', 'events');
const LINKS = jsonKey('Span', 'links');
const STATUS = jsonKey('Span', 'status');
const EVENT_TIME = jsonKey('Event', 'timeUnixNano');
const EVENT_NAME = jsonKey('Event', 'name');
const EVENT_ATTRIBUTES = jsonKey('Event', 'attributes');
const LINK_TRACE_ID = jsonKey('Link', 'traceId');
const LINK_SPAN_ID = jsonKey('Link', 'spanId');
const LINK_TRACE_STATE = jsonKey('Link', 'traceState');
const LINK_ATTRIBUTES = jsonKey('Link', 'attributes');
const STATUS_MESSAGE = jsonKey('Status', 'message');
const STATUS_CODE = jsonKey('Status', 'code');
const KIND_NAMES = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
];
const STATUS_NAMES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];

/** A hex id field: its text (lowercased later), '' when absent; a non-string is malformed. */
function idText(object: Record<string, unknown>, key: typeof TRACE_ID): string {
  const value = get(object, key);
  if (value === undefined) return '';
  if (typeof value !== 'string') throw typeError(key.label, 'a hex string', value);
  return value;
}

function quoted(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** One OTLP/JSON span into a row (the twin of proto/span.ts); returns the reason when invalid. */
export function decodeJsonSpan(
  item: unknown,
  resource: ResourceInfo,
  scope: ScopeInfo,
  limits: DecodeLimits,
): SpanRow | string {
  const span = asObject(item, 'Span');
  const maxText = limits.maxAttributeValueLength;
  const row = newSpanRow(resource, scope);
  const traceIdText = idText(span, TRACE_ID);
  const spanIdText = idText(span, SPAN_ID);
  const parentText = idText(span, PARENT_SPAN_ID);
  row.TraceState = getString(span, TRACE_STATE, maxText);
  row.SpanName = getString(span, NAME, maxText);
  row.SpanKind = spanKindName(getEnum(span, KIND, KIND_NAMES));
  const start = getInstant(span, START_TIME);
  const end = getInstant(span, END_TIME);
  const attributes = new AttributeSink(limits.maxAttributes);
  addAttributes(getArray(span, ATTRIBUTES), attributes, limits);
  const events = getArray(span, EVENTS);
  for (let i = 0; i < events.length && i < limits.maxEvents; i++) addEvent(events[i], row, limits);
  let droppedLinks = 0;
  for (const link of getArray(span, LINKS)) {
    if (row['Links.TraceId'].length >= limits.maxLinks || !addLink(link, row, limits)) droppedLinks++;
  }
  const status = getObject(span, STATUS);
  if (status) {
    row.StatusCode = statusCodeName(getEnum(status, STATUS_CODE, STATUS_NAMES));
    row.StatusMessage = getString(status, STATUS_MESSAGE, maxText);
  }

  const traceId = normalizeHexId(traceIdText, TRACE_ID_BYTES);
  if (traceId === undefined)
    return `trace_id must be ${TRACE_ID_BYTES * 2} hex characters, got ${quoted(traceIdText)}`;
  if (isAllZeroHex(traceId)) return 'trace_id is all zeros';
  const spanId = normalizeHexId(spanIdText, SPAN_ID_BYTES);
  if (spanId === undefined)
    return `span_id must be ${SPAN_ID_BYTES * 2} hex characters, got ${quoted(spanIdText)}`;
  if (isAllZeroHex(spanId)) return 'span_id is all zeros';
  const parentId = parentText === '' ? '' : normalizeHexId(parentText, SPAN_ID_BYTES);
  if (parentId === undefined)
    return `parent_span_id must be empty or ${SPAN_ID_BYTES * 2} hex characters, got ${quoted(parentText)}`;
  if (isZeroInstant(start)) return 'start_time_unix_nano is 0';
  if (!inStoredRange(start))
    return `start_time_unix_nano ${formatInstant(start)} is outside the years 2000–2199`;

  row.TraceId = traceId;
  row.SpanId = spanId;
  row.ParentSpanId = isAllZeroHex(parentId) ? '' : parentId;
  row.Timestamp = formatInstant(start);
  row.Duration = durationBetween(start, end);
  const map = attributes.finish();
  if (events.length > limits.maxEvents)
    setAttribute(map, DROPPED_EVENTS_KEY, String(events.length - limits.maxEvents));
  if (droppedLinks > 0) setAttribute(map, DROPPED_LINKS_KEY, String(droppedLinks));
  row.SpanAttributes = map;
  return row;
}

function addEvent(item: unknown, row: SpanRow, limits: DecodeLimits): void {
  const event = asObject(item, 'Event');
  const attributes = new AttributeSink(limits.maxAttributes);
  addAttributes(getArray(event, EVENT_ATTRIBUTES), attributes, limits);
  row['Events.Timestamp'].push(formatInstant(getInstant(event, EVENT_TIME)));
  row['Events.Name'].push(getString(event, EVENT_NAME, limits.maxAttributeValueLength));
  row['Events.Attributes'].push(attributes.finish());
}

/** Appends the link; false (and nothing appended) when its ids are malformed. */
function addLink(item: unknown, row: SpanRow, limits: DecodeLimits): boolean {
  const link = asObject(item, 'Link');
  const attributes = new AttributeSink(limits.maxAttributes);
  addAttributes(getArray(link, LINK_ATTRIBUTES), attributes, limits);
  const traceState = getString(link, LINK_TRACE_STATE, limits.maxAttributeValueLength);
  const traceId = normalizeHexId(idText(link, LINK_TRACE_ID), TRACE_ID_BYTES);
  const spanId = normalizeHexId(idText(link, LINK_SPAN_ID), SPAN_ID_BYTES);
  if (traceId === undefined || spanId === undefined) return false;
  row['Links.TraceId'].push(traceId);
  row['Links.SpanId'].push(spanId);
  row['Links.TraceState'].push(traceState);
  row['Links.Attributes'].push(attributes.finish());
  return true;
}
