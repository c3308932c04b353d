import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClickHouseDriver, migrate, type SpanRow, sql } from '@paylens/store';
import { EmbeddedDriver } from '@paylens/store/embedded-driver';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSpanRows, spanRow } from '../../../test/fixtures/span-rows.ts';
import { classifyOutcome } from '../../src/analysis/outcome.ts';
import { cancelledSql, errorSql, stepBudgetSql, timeoutSql } from '../../src/analytics/outcome-sql.ts';
import type { LinkDefinition, StepDefinition } from '../../src/link/definition.ts';
import { classifyStep } from '../../src/link/match.ts';
import { stepSql } from '../../src/link/step-sql.ts';

// Step matching and outcome rules exist twice (TypeScript for single spans, SQL for aggregates):
// these tests run both over the same spans and require the same answer for every one.

const dir = mkdtempSync(join(tmpdir(), 'paylens-classification-'));
let driver: ClickHouseDriver;

beforeAll(async () => {
  driver = new EmbeddedDriver(dir);
  await migrate(driver, { journeyKey: [] });
});
afterAll(async () => {
  await driver.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Classified {
  SpanId: string;
  step: string;
  error: number;
  timeout: number;
  cancelled: number;
}

async function classifyInSql(link: Pick<LinkDefinition, 'steps'>, traceId: string): Promise<Classified[]> {
  return driver.query<Classified>(sql`
    SELECT SpanId, ${stepSql(link)} AS step, ${errorSql()} AS error,
      ${timeoutSql(stepBudgetSql(link, sql`step`))} AS timeout, ${cancelledSql()} AS cancelled
    FROM otel_traces WHERE TraceId = ${traceId} ORDER BY SpanId`);
}

function classifyInTs(link: Pick<LinkDefinition, 'steps'>, row: SpanRow): Classified {
  const step = classifyStep(
    {
      serviceName: row.ServiceName,
      spanName: row.SpanName,
      spanKind: row.SpanKind,
      attributes: row.SpanAttributes,
      resourceAttributes: row.ResourceAttributes,
    },
    link,
  );
  const timeoutMs = link.steps.find((s) => s.id === step)?.timeoutMs;
  const outcome = classifyOutcome(
    {
      statusCode: row.StatusCode,
      durationNs: row.Duration,
      attributes: row.SpanAttributes,
      events: row['Events.Attributes'].map((attributes) => ({ attributes })),
    },
    timeoutMs,
  );
  return {
    SpanId: row.SpanId,
    step: step ?? '',
    error: Number(outcome.error),
    timeout: Number(outcome.timeout),
    cancelled: Number(outcome.cancelled),
  };
}

async function expectAgreement(link: Pick<LinkDefinition, 'steps'>, rows: SpanRow[]): Promise<Classified[]> {
  const traceId = rows[0]!.TraceId;
  const expected = rows
    .map((row) => classifyInTs(link, row))
    .sort((a, b) => a.SpanId.localeCompare(b.SpanId));
  const answer = await classifyInSql(link, traceId);
  expect(answer).toEqual(expected);
  return answer;
}

const tableLink: Pick<LinkDefinition, 'steps'> = {
  steps: [
    { id: 'create_order', match: { service: 'order-svc', span: 'POST /orders*' }, timeoutMs: 800 },
    { id: 'risk_check', match: { span: 'risk.*' }, timeoutMs: 300 },
    { id: 'percent', match: { span: '100%_off\\?' } },
    { id: 'channel_pay', match: { kind: 'client', attributes: { 'payment.channel': '*' } }, timeoutMs: 3000 },
    { id: 'callback', match: { span: 'POST /callbacks/?', attributes: { region: 'e?-*' } }, timeoutMs: 0.5 },
  ],
};

describe('the TypeScript and SQL classifications agree', () => {
  it('on a table of spans covering each rule', async () => {
    const cases: Partial<SpanRow>[] = [
      { ServiceName: 'order-svc', SpanName: 'POST /orders/42' },
      { ServiceName: 'order-svc', SpanName: 'POST /orders', Duration: '800000000' },
      { ServiceName: 'order-svc', SpanName: 'post /orders' },
      { SpanName: 'risk.score', Duration: '299999999' },
      { SpanName: 'riskXscore' },
      { SpanName: '100%_off\\?' },
      { SpanName: '100X_off\\?' },
      { SpanName: '100%Xoff\\?' },
      { SpanName: '100%_off\\!' },
      { SpanKind: 'Client', SpanAttributes: { 'payment.channel': 'alipay' } },
      { SpanKind: 'SPAN_KIND_CLIENT', SpanAttributes: { 'payment.channel': 'x' } },
      { SpanKind: 'SPAN_\u212AIND_CLIENT', SpanAttributes: { 'payment.channel': 'x' } },
      { SpanKind: 'client', ResourceAttributes: { 'payment.channel': 'card' } },
      { SpanKind: 'Client', SpanAttributes: { 'payment.channel': '' } },
      {
        SpanKind: 'Client',
        SpanAttributes: { 'payment.channel': '' },
        ResourceAttributes: { 'payment.channel': 'c' },
      },
      { SpanKind: 'Server', SpanAttributes: { 'payment.channel': 'x' } },
      { SpanName: 'POST /callbacks/é', SpanAttributes: { region: 'eu-west' } },
      { SpanName: 'POST /callbacks/ab', SpanAttributes: { region: 'eu-west' } },
      { SpanName: 'POST /callbacks/\n', SpanAttributes: { region: 'e\u00e9-' }, Duration: '500000' },
      { SpanName: 'POST /callbacks/x', SpanAttributes: { region: 'eu' } },
      { StatusCode: 'Error', SpanAttributes: { 'error.type': 'timeout' } },
      {
        StatusCode: 'STATUS_CODE_ERROR',
        SpanAttributes: { 'error.type': 'java.net.SocketTimeoutException' },
      },
      { StatusCode: 'Ok', SpanAttributes: { 'error.type': 'DEADLINE_EXCEEDED' } },
      { StatusCode: 'Error', SpanAttributes: { 'error.type': 'CANCELLED', 'http.status_code': '504' } },
      { StatusCode: 'Error', SpanAttributes: { 'rpc.grpc.status_code': '1' }, Duration: '9000000000' },
      { StatusCode: 'Error', SpanAttributes: { 'rpc.grpc.status_code': '4' } },
      { SpanAttributes: { 'http.response.status_code': '408' } },
      { SpanAttributes: { 'http.response.status_code': '4080' } },
      {
        'Events.Timestamp': ['1763000000000000001', '1763000000000000002'],
        'Events.Name': ['log', 'exception'],
        'Events.Attributes': [{}, { 'exception.type': 'TimeoutError' }],
      },
      {
        'Events.Timestamp': ['1763000000000000001'],
        'Events.Name': ['exception'],
        'Events.Attributes': [{ 'exception.type': 'ValueError' }],
      },
    ];
    const rows = cases.map((fields, i) =>
      spanRow({ TraceId: 'table', SpanId: i.toString(16).padStart(16, '0'), ...fields }),
    );
    await insertSpanRows(driver, rows);
    const sqlAnswer = await classifyInSql(tableLink, 'table');
    expect(sqlAnswer.map((row) => row.step)).toContain('percent');
    expect(sqlAnswer.filter((row) => row.step === 'callback')).toHaveLength(2);
    await expectAgreement(tableLink, rows);
  });

  it('on random links and spans built from awkward characters', async () => {
    const alphabet = fc.constantFrom('a', 'b', '%', '_', '\\', '*', '?', 'é', '\n', "'", '\u212A', '.');
    const text = fc.string({ unit: alphabet, maxLength: 3 });
    // Globs lean on wildcards so that random spans do match.
    const glob = fc.string({ unit: fc.constantFrom('*', '*', '?', 'a', '%', '_', '\\', 'é'), maxLength: 3 });
    const service = fc.constantFrom('a', 'é', "'");
    const kind = fc.constantFrom('internal', 'server', 'client', 'producer', 'consumer') as fc.Arbitrary<
      NonNullable<StepDefinition['match']['kind']>
    >;
    const step = (id: string): fc.Arbitrary<StepDefinition> =>
      fc.record({
        id: fc.constant(id),
        match: fc.record(
          { service, span: glob, kind, attributes: fc.dictionary(fc.constantFrom('k1', 'k2'), glob) },
          { requiredKeys: [] },
        ),
        timeoutMs: fc.constantFrom(1, 2.5, 10),
      });
    const row = (i: number) =>
      fc.record({
        ServiceName: service,
        SpanName: text,
        SpanKind: fc.constantFrom(
          'Client',
          'SPAN_KIND_SERVER',
          'internal',
          'Producer',
          'SPAN_\u212AIND_CLIENT',
        ),
        SpanAttributes: fc.dictionary(fc.constantFrom('k1', 'k2', 'error.type'), text),
        ResourceAttributes: fc.dictionary(fc.constantFrom('k1', 'k2'), text),
        StatusCode: fc.constantFrom('Ok', 'Error', 'STATUS_CODE_ERROR', 'Unset'),
        Duration: fc.constantFrom('999999', '1000000', '2500000', '10000000'),
        SpanId: fc.constant(i.toString(16).padStart(16, '0')),
      });
    const links = fc.sample(fc.tuple(step('s1'), step('s2'), step('s3')), { numRuns: 25, seed: 7 });
    const spans = fc
      .sample(fc.nat(), { numRuns: 400, seed: 11 })
      .map((_, i) =>
        spanRow({ TraceId: 'random', ...fc.sample(row(i), { numRuns: 1, seed: 1000 + i })[0]! }),
      );
    await insertSpanRows(driver, spans);
    const answers: Classified[] = [];
    for (const steps of links) answers.push(...(await expectAgreement({ steps }, spans)));
    // The random cases must exercise every branch, not only agree on "no match".
    for (const id of ['s1', 's2', 's3']) expect(answers.some((a) => a.step === id)).toBe(true);
    expect(answers.some((a) => a.timeout === 1 && a.error === 0)).toBe(true);
    expect(answers.some((a) => a.timeout === 0 && a.step !== '')).toBe(true);
  });
});
