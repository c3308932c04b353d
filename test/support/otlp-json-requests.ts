/**
 * OTLP/JSON requests with every field the exporter's columns hold (events, links, scope, logs),
 * for tests that send through paylens' collector and then read the rows back.
 */
export interface JsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP enum: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startNs: bigint;
  durationNs: bigint;
  attributes?: Record<string, string>;
  /** OTLP enum: 0 unset, 1 ok, 2 error. */
  status?: { code: number; message?: string };
  events?: { timeNs: bigint; name: string; attributes?: Record<string, string> }[];
  links?: { traceId: string; spanId: string; attributes?: Record<string, string> }[];
}

export interface JsonLog {
  timeNs: bigint;
  traceId?: string;
  spanId?: string;
  severityNumber: number;
  severityText: string;
  body: string;
  attributes?: Record<string, string>;
}

const attributeList = (attributes: Record<string, string> = {}) =>
  Object.entries(attributes).map(([key, value]) => ({ key, value: { stringValue: value } }));

const SCOPE = { name: 'paylens-interop', version: '1.0.0' };

/** One resource per service. */
export function tracesRequest(byService: Record<string, readonly JsonSpan[]>): object {
  return {
    resourceSpans: Object.entries(byService).map(([service, spans]) => ({
      resource: {
        attributes: attributeList({ 'service.name': service, 'deployment.environment.name': 'test' }),
      },
      scopeSpans: [
        {
          scope: SCOPE,
          spans: spans.map((span) => ({
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId ?? '',
            name: span.name,
            kind: span.kind,
            startTimeUnixNano: span.startNs.toString(),
            endTimeUnixNano: (span.startNs + span.durationNs).toString(),
            attributes: attributeList(span.attributes),
            status: span.status ?? { code: 0 },
            events: (span.events ?? []).map((event) => ({
              timeUnixNano: event.timeNs.toString(),
              name: event.name,
              attributes: attributeList(event.attributes),
            })),
            links: (span.links ?? []).map((link) => ({
              traceId: link.traceId,
              spanId: link.spanId,
              attributes: attributeList(link.attributes),
            })),
          })),
        },
      ],
    })),
  };
}

export function logsRequest(byService: Record<string, readonly JsonLog[]>): object {
  return {
    resourceLogs: Object.entries(byService).map(([service, logs]) => ({
      resource: { attributes: attributeList({ 'service.name': service }) },
      scopeLogs: [
        {
          scope: SCOPE,
          logRecords: logs.map((log) => ({
            timeUnixNano: log.timeNs.toString(),
            observedTimeUnixNano: log.timeNs.toString(),
            severityNumber: log.severityNumber,
            severityText: log.severityText,
            body: { stringValue: log.body },
            attributes: attributeList(log.attributes),
            traceId: log.traceId ?? '',
            spanId: log.spanId ?? '',
          })),
        },
      ],
    })),
  };
}
