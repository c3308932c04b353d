/** Builds small OTLP/JSON requests by hand, for tests that need exact control over each field. */
export interface JsonSpanSpec {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name?: string;
  kind?: number;
  startNs: bigint;
  durationNs: bigint;
  attributes?: Record<string, string>;
  status?: { code: number; message?: string };
}

const attributeList = (attributes: Record<string, string>) =>
  Object.entries(attributes).map(([key, value]) => ({ key, value: { stringValue: value } }));

export function tracesRequest(service: string, spans: readonly JsonSpanSpec[]): object {
  return {
    resourceSpans: [
      {
        resource: { attributes: attributeList({ 'service.name': service }) },
        scopeSpans: [
          {
            scope: { name: 'paylens-test', version: '1.0.0' },
            spans: spans.map((span) => ({
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId ?? '',
              name: span.name ?? 'op',
              kind: span.kind ?? 2,
              startTimeUnixNano: span.startNs.toString(),
              endTimeUnixNano: (span.startNs + span.durationNs).toString(),
              attributes: attributeList(span.attributes ?? {}),
              status: span.status ?? { code: 0 },
            })),
          },
        ],
      },
    ],
  };
}

let counter = 0;
/** A unique, valid 32-hex trace id (never all zeros). */
export function newTraceId(): string {
  counter++;
  return (Date.now().toString(16) + counter.toString(16).padStart(8, '0')).padStart(32, 'a').slice(-32);
}

export function spanIdOf(n: number): string {
  return (n + 1).toString(16).padStart(16, '0');
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
