import type { LogRow } from '@paylens/store';
import type { DecodeOutcome } from '../../decoders.ts';
import { DEFAULT_LIMITS, type DecodeLimits } from '../limits.ts';
import { decodeLogRecord } from './log-record.ts';
import { decodeProtobufRequest, type SignalSchema } from './request-walker.ts';
import { fieldTable, LEN } from './wire-reader.ts';

const LOGS: SignalSchema<LogRow> = {
  noun: 'log',
  requestFields: fieldTable('ExportLogsServiceRequest', { 1: ['resource_logs', LEN] }),
  resourceFields: fieldTable('ResourceLogs', {
    1: ['resource', LEN],
    2: ['scope_logs', LEN],
    3: ['schema_url', LEN],
  }),
  scopeFields: fieldTable('ScopeLogs', {
    1: ['scope', LEN],
    2: ['log_records', LEN],
    3: ['schema_url', LEN],
  }),
  decodeItem: decodeLogRecord,
};

/**
 * An OTLP ExportLogsServiceRequest (protobuf) → log rows. Invalid records are rejected and
 * counted (partial_success); a malformed request throws OtlpDecodeError.
 */
export function decodeLogsProtobuf(
  body: Uint8Array,
  limits: DecodeLimits = DEFAULT_LIMITS,
): DecodeOutcome<LogRow> {
  return decodeProtobufRequest(body, limits, LOGS);
}
