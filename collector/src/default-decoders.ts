import type { Decoders } from './decoders.ts';
import { parseNdjsonLogs } from './ndjson/index.ts';
import { decodeLogs, decodeTraces, serializeRows } from './otlp/index.ts';

/** The production decoders: OTLP protobuf/JSON and NDJSON logs, rows serialized as JSONCompactEachRow. */
export function createDefaultDecoders(): Decoders {
  return {
    traces: (body, encoding) => decodeTraces(body, encoding),
    logs: (body, encoding) => decodeLogs(body, encoding),
    ndjsonLogs: (body) => parseNdjsonLogs(body),
    serialize: serializeRows,
  };
}
