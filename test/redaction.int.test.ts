import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASK } from '../collector/src/redaction.ts';
import { sql } from '../store/src/sql.ts';
import { newTraceId, postJson, spanIdOf, tracesRequest } from './support/otlp-json.ts';
import { startTestPaylens, type TestPaylens } from './support/paylens-harness.ts';

let paylens: TestPaylens;
beforeAll(async () => {
  paylens = await startTestPaylens({ env: { PAYLENS_REDACT_KEYS: 'customer.national_id' } });
});
afterAll(async () => {
  await paylens.dispose();
});

describe('redaction at ingest', () => {
  it('stores spans and logs with sensitive values masked, everything else intact', async () => {
    const traceId = newTraceId();
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    const spans = tracesRequest('pay-svc', [
      {
        traceId,
        spanId: spanIdOf(1),
        name: 'POST /payments',
        startNs: nowNs,
        durationNs: 1_000_000n,
        attributes: {
          'card.number': '4111111111111111',
          'payment.note': 'card 4111 1111 1111 1111 for alice@example.com',
          'customer.national_id': '110101199003076655',
          'db.password': 'hunter2',
          'payment.order_id': 'order-4111',
        },
        status: { code: 2, message: 'declined for bob@example.org' },
      },
    ]);
    expect((await postJson(`${paylens.otlpUrl}/v1/traces`, spans)).status).toBe(200);
    const log = {
      timestamp: Date.now(),
      level: 'info',
      message: 'sms sent to +86 138 0013 8000',
      trace_id: traceId,
      service: 'notify-svc',
    };
    const response = await fetch(`${paylens.otlpUrl}/v1/logs/ndjson`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-ndjson' },
      body: JSON.stringify(log),
    });
    expect(response.status).toBe(200);
    await paylens.collector!.drain();

    const [span] = await paylens.driver.query<{
      SpanAttributes: Record<string, string>;
      StatusMessage: string;
    }>(sql`SELECT SpanAttributes, StatusMessage FROM otel_traces WHERE TraceId = ${traceId}`);
    expect(span).toEqual({
      SpanAttributes: {
        'card.number': MASK,
        'payment.note': `card ${MASK} for ${MASK}`,
        'customer.national_id': MASK,
        'db.password': MASK,
        'payment.order_id': 'order-4111',
      },
      StatusMessage: `declined for ${MASK}`,
    });
    const [stored] = await paylens.driver.query<{ Body: string }>(
      sql`SELECT Body FROM otel_logs WHERE TraceId = ${traceId}`,
    );
    expect(stored?.Body).toBe(`sms sent to ${MASK}`);
  });
});
