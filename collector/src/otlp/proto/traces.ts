import type { SpanRow } from '@paylens/store';
import type { DecodeOutcome } from '../../decoders.ts';
import { DEFAULT_LIMITS, type DecodeLimits } from '../limits.ts';
import { decodeProtobufRequest, type SignalSchema } from './request-walker.ts';
import { decodeSpan } from './span.ts';
import { fieldTable, LEN } from './wire-reader.ts';

const TRACES: SignalSchema<SpanRow> = {
  noun: 'span',
  requestFields: fieldTable('ExportTraceServiceRequest', { 1: ['resource_spans', LEN] }),
  resourceFields: fieldTable('ResourceSpans', {
    1: ['resource', LEN],
    2: ['scope_spans', LEN],
    3: ['schema_url', LEN],
  }),
  scopeFields: fieldTable('ScopeSpans', { 1: ['scope', LEN], 2: ['spans', LEN], 3: ['schema_url', LEN] }),
  decodeItem: decodeSpan,
};

/**
 * An OTLP ExportTraceServiceRequest (protobuf) → span rows. Invalid spans are rejected and
 * counted (partial_success); a malformed request throws OtlpDecodeError.
 */
export function decodeTracesProtobuf(
  body: Uint8Array,
  limits: DecodeLimits = DEFAULT_LIMITS,
): DecodeOutcome<SpanRow> {
  return decodeProtobufRequest(body, limits, TRACES);
}
