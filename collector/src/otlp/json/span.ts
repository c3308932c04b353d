import type { SpanRow } from '@paylens/store';
import { AttributeSink, setAttribute } from '../attribute-sink.ts';
import { isAllZeroHex, normalizeHexId, SPAN_ID_BYTES, TRACE_ID_BYTES } from '../ids.ts';
import { type DecodeLimits, DROPPED_EVENTS_KEY, DROPPED_LINKS_KEY } from '../limits.ts';
import { durationBetween, formatInstant, inStoredRange, isZeroInstant } from '../nanos.ts';
import type { ResourceInfo, ScopeInfo } from '../origin.ts';
import { newSpanRow, spanKindName, statusCodeName } from '../row-factory.ts';
import { addAttributes } from './any-value.ts';
import {
  arrayField,
  asObject,
  enumField,
  idField,
  instantField,
  optionalObject,
  stringField,
} from './fields.ts';

const KIND_NAMES = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
];
const STATUS_NAMES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];

export function quoted(text: string): string {
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
  const traceIdText = idField(span.traceId ?? span.trace_id, 'Span.traceId');
  const spanIdText = idField(span.spanId ?? span.span_id, 'Span.spanId');
  const parentText = idField(span.parentSpanId ?? span.parent_span_id, 'Span.parentSpanId');
  row.TraceState = stringField(span.traceState ?? span.trace_state, 'Span.traceState', maxText);
  row.SpanName = stringField(span.name, 'Span.name', maxText);
  row.SpanKind = spanKindName(enumField(span.kind, 'Span.kind', KIND_NAMES));
  const start = instantField(span.startTimeUnixNano ?? span.start_time_unix_nano, 'Span.startTimeUnixNano');
  const end = instantField(span.endTimeUnixNano ?? span.end_time_unix_nano, 'Span.endTimeUnixNano');
  const attributes = new AttributeSink(limits.maxAttributes);
  addAttributes(arrayField(span.attributes, 'Span.attributes'), attributes, limits);
  const events = arrayField(span.events, 'Span.events');
  for (let i = 0; i < events.length && i < limits.maxEvents; i++) addEvent(events[i], row, limits);
  let droppedLinks = 0;
  const links = arrayField(span.links, 'Span.links');
  for (let i = 0; i < links.length; i++) {
    if (row['Links.TraceId'].length >= limits.maxLinks || !addLink(links[i], row, limits)) droppedLinks++;
  }
  const status = optionalObject(span.status, 'Span.status');
  if (status) {
    row.StatusCode = statusCodeName(enumField(status.code, 'Status.code', STATUS_NAMES));
    row.StatusMessage = stringField(status.message, 'Status.message', maxText);
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
  addAttributes(arrayField(event.attributes, 'Event.attributes'), attributes, limits);
  const time = instantField(event.timeUnixNano ?? event.time_unix_nano, 'Event.timeUnixNano');
  row['Events.Timestamp'].push(formatInstant(time));
  row['Events.Name'].push(stringField(event.name, 'Event.name', limits.maxAttributeValueLength));
  row['Events.Attributes'].push(attributes.finish());
}

/** Appends the link; false (and nothing appended) when its ids are malformed. */
function addLink(item: unknown, row: SpanRow, limits: DecodeLimits): boolean {
  const link = asObject(item, 'Link');
  const attributes = new AttributeSink(limits.maxAttributes);
  addAttributes(arrayField(link.attributes, 'Link.attributes'), attributes, limits);
  const traceState = stringField(
    link.traceState ?? link.trace_state,
    'Link.traceState',
    limits.maxAttributeValueLength,
  );
  const traceId = normalizeHexId(idField(link.traceId ?? link.trace_id, 'Link.traceId'), TRACE_ID_BYTES);
  const spanId = normalizeHexId(idField(link.spanId ?? link.span_id, 'Link.spanId'), SPAN_ID_BYTES);
  if (traceId === undefined || spanId === undefined) return false;
  row['Links.TraceId'].push(traceId);
  row['Links.SpanId'].push(spanId);
  row['Links.TraceState'].push(traceState);
  row['Links.Attributes'].push(attributes.finish());
  return true;
}
