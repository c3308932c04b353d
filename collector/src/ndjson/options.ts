import { DEFAULT_LIMITS, type DecodeLimits } from '../otlp/limits.ts';

/**
 * Which JSON fields of a log line play which role; each role lists names tried in order. A name
 * matches a top-level key, or else a dotted path into nested objects (`trace.id` → {"trace":{"id"}}).
 */
export interface NdjsonFieldNames {
  timestamp: readonly string[];
  severity: readonly string[];
  body: readonly string[];
  traceId: readonly string[];
  spanId: readonly string[];
  service: readonly string[];
}

export const DEFAULT_NDJSON_FIELDS: Readonly<NdjsonFieldNames> = Object.freeze({
  // `time` is pino's epoch-ms field, `@timestamp` Logstash/ECS.
  timestamp: ['timestamp', 'time', 'ts', '@timestamp'],
  severity: ['severity', 'level'],
  body: ['body', 'message', 'msg'],
  traceId: ['trace_id', 'traceId', 'trace.id'],
  spanId: ['span_id', 'spanId', 'span.id'],
  service: ['service', 'service.name'],
});

export interface NdjsonOptions {
  /** Replaces the names of the given roles (the others keep their defaults). */
  fields?: Partial<NdjsonFieldNames>;
  /**
   * Tried on the message when a line has no trace id field: a regex whose named groups
   * `trace_id` and `span_id` capture hex ids, e.g. /trace[=:](?<trace_id>[0-9a-f]{32})/.
   */
  idPattern?: RegExp;
  limits?: DecodeLimits;
  /** The receive time, in nanoseconds as a decimal string, for lines without a timestamp. */
  nowNs?: () => string;
}

export interface ResolvedNdjsonOptions {
  fields: NdjsonFieldNames;
  idPattern: RegExp | undefined;
  limits: DecodeLimits;
  nowNs: () => string;
}

function epochNowNs(): string {
  return (BigInt(Date.now()) * 1_000_000n).toString();
}

export function resolveNdjsonOptions(options: NdjsonOptions = {}): ResolvedNdjsonOptions {
  return {
    fields: { ...DEFAULT_NDJSON_FIELDS, ...options.fields },
    idPattern: options.idPattern,
    limits: options.limits ?? DEFAULT_LIMITS,
    nowNs: options.nowNs ?? epochNowNs,
  };
}
