import type { LogRow } from '@paylens/store';
import type { DecodeOutcome } from '../../decoders.ts';
import { DEFAULT_LIMITS, type DecodeLimits } from '../limits.ts';
import { decodeJsonLogRecord } from './log-record.ts';
import { decodeJsonRequest, type JsonSignalSchema } from './request-walker.ts';

const LOGS: JsonSignalSchema<LogRow> = {
  noun: 'log',
  resourceGroups: 'resourceLogs',
  scopeGroups: 'scopeLogs',
  items: 'logRecords',
  decodeItem: decodeJsonLogRecord,
};

/**
 * An OTLP/JSON ExportLogsServiceRequest → log rows, identical to what the protobuf decoder gives
 * for the same records. Invalid records are rejected and counted; a malformed request throws OtlpDecodeError.
 */
export function decodeLogsJson(
  body: Uint8Array | string,
  limits: DecodeLimits = DEFAULT_LIMITS,
): DecodeOutcome<LogRow> {
  return decodeJsonRequest(body, limits, LOGS);
}
