import type { SpanRow } from '@paylens/store';
import type { DecodeOutcome } from '../../decoders.ts';
import { DEFAULT_LIMITS, type DecodeLimits } from '../limits.ts';
import { decodeJsonRequest, type JsonSignalSchema } from './request-walker.ts';
import { decodeJsonSpan } from './span.ts';

const TRACES: JsonSignalSchema<SpanRow> = {
  noun: 'span',
  resourceGroups: 'resourceSpans',
  scopeGroups: 'scopeSpans',
  items: 'spans',
  decodeItem: decodeJsonSpan,
};

/**
 * An OTLP/JSON ExportTraceServiceRequest → span rows, identical to what the protobuf decoder gives
 * for the same spans. Invalid spans are rejected and counted; a malformed request throws OtlpDecodeError.
 */
export function decodeTracesJson(
  body: Uint8Array | string,
  limits: DecodeLimits = DEFAULT_LIMITS,
): DecodeOutcome<SpanRow> {
  return decodeJsonRequest(body, limits, TRACES);
}
