/**
 * OTLP request decoding (pure, no I/O): protobuf and OTLP/JSON ExportTraceServiceRequest /
 * ExportLogsServiceRequest straight into rows in the OpenTelemetry Collector ClickHouse exporter's
 * columns, with per-item validation (partial_success) and limits; rows → JSONEachRow bytes.
 */
export { decodeLogs, decodeTraces } from './decode.ts';
export { OtlpDecodeError } from './errors.ts';
export { decodeLogsJson } from './json/logs.ts';
export { decodeTracesJson } from './json/traces.ts';
export {
  DEFAULT_LIMITS,
  type DecodeLimits,
  DROPPED_ATTRIBUTES_KEY,
  DROPPED_EVENTS_KEY,
  DROPPED_LINKS_KEY,
} from './limits.ts';
export { decodeLogsProtobuf } from './proto/logs.ts';
export { decodeTracesProtobuf } from './proto/traces.ts';
export { serializeRows } from './serialize-rows.ts';
