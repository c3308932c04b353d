import type { LogRow, SpanRow } from '@paylens/store';
import type { DecodeOutcome } from '../decoders.ts';
import type { WireEncoding } from '../http/otlp-responses.ts';
import { decodeLogsJson } from './json/logs.ts';
import { decodeTracesJson } from './json/traces.ts';
import { DEFAULT_LIMITS, type DecodeLimits } from './limits.ts';
import { decodeLogsProtobuf } from './proto/logs.ts';
import { decodeTracesProtobuf } from './proto/traces.ts';

/** `POST /v1/traces` body → span rows, by Content-Type encoding. */
export function decodeTraces(
  body: Uint8Array,
  encoding: WireEncoding,
  limits: DecodeLimits = DEFAULT_LIMITS,
): DecodeOutcome<SpanRow> {
  return encoding === 'protobuf' ? decodeTracesProtobuf(body, limits) : decodeTracesJson(body, limits);
}

/** `POST /v1/logs` body → log rows, by Content-Type encoding. */
export function decodeLogs(
  body: Uint8Array,
  encoding: WireEncoding,
  limits: DecodeLimits = DEFAULT_LIMITS,
): DecodeOutcome<LogRow> {
  return encoding === 'protobuf' ? decodeLogsProtobuf(body, limits) : decodeLogsJson(body, limits);
}
