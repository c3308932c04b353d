/**
 * Runs every panel of the Grafana dashboard on chDB over seeded payments, with the data source's
 * macros expanded for a fixed range, and checks each number against a computation done here in
 * TypeScript from the seeded spans, and against paylens' own API services.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard } from '../dashboards/grafana/dashboard.ts';
import { analyticsContext } from '../server/src/analytics/context.ts';
import { funnel } from '../server/src/analytics/funnel-service.ts';
import { stepStats } from '../server/src/analytics/steps-service.ts';
import { timeoutAnalysis } from '../server/src/analytics/timeouts-service.ts';
import { planPayment } from '../server/src/demo/payment-plan.ts';
import { planRows } from '../server/src/demo/plan-rows.ts';
import type { PaymentPlan, PlannedSpan } from '../server/src/demo/plan-types.ts';
import { funnelSteps, stepTitle } from '../server/src/link/definition.ts';
import { DEFAULT_LINK_FILE, loadLinkFile } from '../server/src/link/load-link.ts';
import { withoutRefund } from '../server/test/demo/plan-steps.ts';
import type { ClickHouseDriver, SpanRow } from '../store/src/index.ts';
import { openStore } from '../store/src/open-store.ts';
import { sql, UNSAFE_raw } from '../store/src/sql.ts';

const link = loadLinkFile(DEFAULT_LINK_FILE);
const dashboard = buildDashboard(link);
const FROM_S = Date.UTC(2026, 0, 15, 10, 0, 0) / 1000;
const TO_S = FROM_S + 30 * 60;
const INTERVAL_S = 60;
const ALL = ["'__all'"];

/**
 * The Grafana ClickHouse data source's macros (pkg/macros/macros.go) for a fixed range, and the
 * dashboard's variables as Grafana interpolates them (a custom All value is inserted unformatted).
 */
function expand(rawSql: string, channel: string[]): string {
  const dateTime = (s: number) => `toDateTime(${s})`;
  const text = rawSql
    .replace(
      /\$__timeFilter\(([^)]+)\)/g,
      (_, c: string) => `${c} >= ${dateTime(FROM_S)} AND ${c} <= ${dateTime(TO_S)}`,
    )
    .replace(
      /\$__timeInterval\(([^)]+)\)/g,
      (_, c: string) => `toStartOfInterval(toDateTime(${c}), INTERVAL ${INTERVAL_S} second)`,
    )
    .replaceAll('$__fromTime', dateTime(FROM_S))
    .replaceAll('$__toTime', dateTime(TO_S))
    .replaceAll(`\${channel:singlequote}`, channel.join(','));
  if (text.includes('$')) throw new Error(`unexpanded macro or variable in:\n${text}`);
  return text;
}

// 480 payments in the range (120 during a WeChat Pay slowdown), 20 before it, 10 running past its
// end; every other payment in the exporter's older enum spellings.
function seeded(): { plan: PaymentPlan; startEpochMs: number }[] {
  const at = (offsetS: number) => (FROM_S + offsetS) * 1000;
  const batch = (first: number, count: number, startS: (i: number) => number, incident?: 'wechatpay-slow') =>
    Array.from({ length: count }, (_, i) => ({
      // The payments alone: the dashboard is the payment link's (refunds are the refund link's).
      plan: withoutRefund(planPayment(first + i, { seed: 11, runId: 'grafana', incident })),
      startEpochMs: at(startS(i)),
    }));
  return [
    ...batch(0, 360, (i) => 5 + i * 4),
    ...batch(1000, 120, (i) => 2 + i * 10, 'wechatpay-slow'),
    ...batch(2000, 20, (i) => -600 + i),
    ...batch(3000, 10, (i) => TO_S - FROM_S - 3 + i * 0.2),
  ];
}

const STEP_OF_REF: [RegExp, string][] = [
  [/^orders$/, 'create_order'],
  [/^risk$/, 'risk_check'],
  [/^inventory$/, 'inventory_try'],
  [/^payments$/, 'payment_create'],
  [/^channel\d*$/, 'channel_pay'],
  [/^callback\d+$/, 'payment_callback'],
  [/^markpaid\d+$/, 'order_update'],
  [/^notify\d+$/, 'notify'],
  [/^confirm\d+\.\d+$/, 'inventory_confirm'],
  [/^cancel\d*$/, 'inventory_cancel'],
];

/** What a link span should be, worked out from the plan and DESIGN.md's definitions. */
interface Expected {
  step: string;
  tsNs: bigint;
  durationNs: number;
  error: boolean;
  timeout: boolean;
  service: string;
  peer: string;
  channel: string;
  key: string;
  traceId: string;
  message: string;
}

function expectedSpan(span: PlannedSpan, row: SpanRow, key: string): Expected | undefined {
  const step = STEP_OF_REF.find(([ref]) => ref.test(span.ref))?.[1];
  if (!step) return undefined;
  const durationNs = Number(row.Duration);
  const budgetMs = link.steps.find((s) => s.id === step)?.timeoutMs;
  const type = String(span.attributes['error.type'] ?? '');
  const error = span.status === 'error';
  const timeout =
    type !== 'cancelled' &&
    ((error && /timeout/i.test(type)) ||
      span.attributes['http.response.status_code'] === 504 ||
      (span.events ?? []).some((e) => /timeout/i.test(String(e.attributes['exception.type']))) ||
      (budgetMs !== undefined && durationNs >= budgetMs * 1e6));
  const attribute = (name: string) => String(span.attributes[name] ?? '');
  return {
    step,
    tsNs: BigInt(row.Timestamp),
    durationNs,
    error,
    timeout,
    service: span.service,
    peer: attribute('peer.service') || attribute('server.address'),
    channel: attribute('payment.channel'),
    key,
    traceId: row.TraceId,
    message: error || timeout ? span.statusMessage || type || (timeout ? 'timeout' : 'error') : '',
  };
}

const inRange = (tsNs: bigint) =>
  tsNs >= BigInt(FROM_S) * 1_000_000_000n && tsNs <= BigInt(TO_S) * 1_000_000_000n;

function nearestRank(sortedNs: number[], perMille: number): number {
  return sortedNs[Math.max(1, Math.ceil((perMille * sortedNs.length) / 1000)) - 1]! / 1e6;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

const stepIndex = (step: string) => link.steps.findIndex((s) => s.id === step);
const budgetMs = (step: string) => link.steps.find((s) => s.id === step)?.timeoutMs ?? null;
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

let dataDir: string;
let driver: ClickHouseDriver;
const rows: SpanRow[] = [];
const spans: Expected[] = [];
/** Each payment's first span start (any span of any of its traces): when its journey started. */
const journeyStarts = new Map<string, bigint>();
/** The payment (order id) each trace was emitted for: its journey. */
const journeyOfTrace = new Map<string, string>();

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'paylens-grafana-'));
  driver = await openStore({ kind: 'embedded', dataDir }, { journeyKey: link.journeyKey });
  // The link spans view exists before the spans arrive, as on a running paylens.
  await analyticsContext({ driver, link }).coverage();
  seeded().forEach(({ plan, startEpochMs }, i) => {
    const planned = plan.traces.flatMap((trace) => trace.spans);
    const planRowsOf = planRows(plan, { startEpochMs, spelling: i % 2 === 0 ? 'current' : 'legacy' });
    rows.push(...planRowsOf);
    for (const row of planRowsOf) journeyOfTrace.set(row.TraceId, plan.orderId);
    journeyStarts.set(
      plan.orderId,
      planRowsOf.map((r) => BigInt(r.Timestamp)).sort((a, b) => (a < b ? -1 : 1))[0]!,
    );
    planned.forEach((span, j) => {
      const expected = expectedSpan(span, planRowsOf[j]!, plan.orderId);
      if (expected) spans.push(expected);
    });
  });
  await driver.insert({
    table: 'otel_traces',
    body: Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n')),
  });
  // The journey store is kept by the paylens server; here its builder catches up once.
  await analyticsContext({ driver, link }).journeys.catchUp();
});

afterAll(async () => {
  await driver?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function runPanel<Row>(id: number, channel = ALL): Promise<Row[]> {
  const panel = dashboard.panels.find((p) => p.id === id)!;
  return driver.query<Row>(sql`${UNSAFE_raw(expand(panel.targets[0]!.rawSql, channel))}`);
}

function spansIn(channel?: string): Expected[] {
  return spans.filter((s) => inRange(s.tsNs) && (channel === undefined || s.channel === channel));
}

function expectedStepTable(selected: Expected[]) {
  return [...groupBy(selected, (s) => s.step)]
    .sort(([a], [b]) => stepIndex(a) - stepIndex(b))
    .map(([step, group]) => {
      const sorted = group.map((s) => s.durationNs).sort((a, b) => a - b);
      const timeouts = group.filter((s) => s.timeout).length;
      return {
        step,
        title: stepTitle(link.steps[stepIndex(step)]!),
        calls: group.length,
        errors: group.filter((s) => s.error).length,
        timeouts,
        timeout_rate: timeouts / group.length,
        p50_ms: nearestRank(sorted, 500),
        p90_ms: nearestRank(sorted, 900),
        p95_ms: nearestRank(sorted, 950),
        p99_ms: nearestRank(sorted, 990),
        p999_ms: nearestRank(sorted, 999),
        max_ms: sorted.at(-1)! / 1e6,
        budget_ms: budgetMs(step),
      };
    });
}

/** Journeys that started in the range, whole (all their step spans, in range or not). */
function expectedFunnel(channel?: string) {
  const started = (key: string) => inRange(journeyStarts.get(key)!);
  const byTime = [...spans].sort((a, b) => (a.tsNs < b.tsNs ? -1 : a.tsNs > b.tsNs ? 1 : 0));
  const journeys = [...groupBy(byTime, (s) => s.key).values()].filter(
    (group) =>
      started(group[0]!.key) &&
      (channel === undefined || group.find((s) => s.channel !== '')?.channel === channel),
  );
  const sets = journeys.map((group) => ({
    entered: new Set(group.map((s) => s.step)),
    succeeded: new Set(group.filter((s) => !s.error && !s.timeout).map((s) => s.step)),
  }));
  // The funnel's stages: steps with inFunnel: false are none.
  const stages = funnelSteps(link);
  const counts = stages.map((step, i) => {
    const previous = stages[i - 1]?.id;
    return {
      position: i + 1,
      step: step.id,
      title: stepTitle(step),
      entered: sets.filter((j) => j.entered.has(step.id)).length,
      succeeded: sets.filter((j) => j.succeeded.has(step.id)).length,
      failed: sets.filter((j) => j.entered.has(step.id) && !j.succeeded.has(step.id)).length,
      dropped: previous ? sets.filter((j) => j.succeeded.has(previous) && !j.entered.has(step.id)).length : 0,
    };
  });
  const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
  return counts.map((c, i) => ({
    ...c,
    conversion_from_start: ratio(c.succeeded, counts[0]!.entered),
    conversion_from_previous: ratio(c.succeeded, i === 0 ? c.entered : counts[i - 1]!.succeeded),
  }));
}

function expectedHotspots() {
  return [...groupBy(spansIn(), (s) => JSON.stringify([s.step, s.service, s.peer, s.channel])).values()]
    .map((group) => {
      const { step, service, peer, channel } = group[0]!;
      const timeouts = group.filter((s) => s.timeout).length;
      const sorted = group.map((s) => s.durationNs).sort((a, b) => a - b);
      return {
        step,
        service,
        peer,
        channel,
        calls: group.length,
        timeouts,
        timeout_rate: timeouts / group.length,
        p99_ms: nearestRank(sorted, 990),
        budget_ms: budgetMs(step),
      };
    })
    .filter((h) => h.timeouts > 0)
    .sort(
      (a, b) =>
        b.timeouts - a.timeouts ||
        b.timeout_rate - a.timeout_rate ||
        byText(a.step, b.step) ||
        byText(a.service, b.service) ||
        byText(a.peer, b.peer) ||
        byText(a.channel, b.channel),
    )
    .slice(0, 50);
}

describe('Grafana dashboard JSON', () => {
  it('is the committed file, generated from dashboards/payment-link.yaml', () => {
    const committed = JSON.parse(
      readFileSync('dashboards/grafana/paylens-payment-link.json', 'utf8'),
    ) as unknown;
    expect(committed).toEqual(JSON.parse(JSON.stringify(dashboard)));
  });

  it('uses the ClickHouse data source and links trace ids to the paylens waterfall', () => {
    for (const panel of dashboard.panels) {
      expect(panel.datasource.type).toBe('grafana-clickhouse-datasource');
      expect(panel.targets).toHaveLength(1);
    }
    const traces = dashboard.panels.find((p) => p.title === 'Slowest traces')!;
    expect(JSON.stringify(traces.fieldConfig.overrides)).toContain(
      `"url":"\${paylens_url}/traces/\${__value.raw}"`,
    );
  });
});

describe('Grafana panels on chDB', () => {
  it('seeds spans inside the range, none exactly at its end (API ranges are half-open)', () => {
    expect(spansIn().length).toBeGreaterThan(3000);
    expect(spans.some((s) => !inRange(s.tsNs))).toBe(true);
    expect(spans.some((s) => s.tsNs === BigInt(TO_S) * 1_000_000_000n)).toBe(false);
  });

  it('step latency: counts and nearest-rank percentiles per step, all channels and one', async () => {
    expect(await runPanel(1)).toEqual(expectedStepTable(spansIn()));
    expect(await runPanel(1, ["'wechatpay'"])).toEqual(expectedStepTable(spansIn('wechatpay')));
    expect(await runPanel(1, ["'alipay'", "'card'"])).toEqual(
      expectedStepTable(spansIn().filter((s) => s.channel === 'alipay' || s.channel === 'card')),
    );
  });

  it('step p99 over time: one point per step and interval', async () => {
    const bucket = (tsNs: bigint) => {
      const s = Math.floor(Number(tsNs / 1_000_000_000n) / INTERVAL_S) * INTERVAL_S;
      return new Date(s * 1000).toISOString().replace('T', ' ').slice(0, 19);
    };
    const expected = [...groupBy(spansIn(), (s) => `${bucket(s.tsNs)}|${s.step}`).entries()]
      .map(([id, group]) => {
        const [time, step] = id.split('|') as [string, string];
        return {
          time,
          step,
          p99_ms: nearestRank(
            group.map((s) => s.durationNs).sort((a, b) => a - b),
            990,
          ),
        };
      })
      .sort((a, b) => byText(a.time, b.time) || byText(a.step, b.step));
    expect(await runPanel(2)).toEqual(expected);
  });

  it('timeout hotspots: step × service × peer × channel, most timeouts first', async () => {
    const expected = expectedHotspots();
    expect(expected[0]).toMatchObject({ step: 'channel_pay', channel: 'wechatpay', peer: 'wechatpay' });
    expect(await runPanel(3)).toEqual(expected);
  });

  it('funnel: journeys entered, succeeded, failed, dropped and conversion per step', async () => {
    expect(await runPanel(4)).toEqual(expectedFunnel());
    expect(await runPanel(4, ["'card'"])).toEqual(expectedFunnel('card'));
  });

  it('top failure reasons: messages per step with their spans and journeys', async () => {
    const failing = spans.filter((s) => (s.error || s.timeout) && inRange(journeyStarts.get(s.key)!));
    const expected = [...groupBy(failing, (s) => JSON.stringify([s.step, s.message])).values()]
      .map((group) => ({
        step: group[0]!.step,
        message: group[0]!.message,
        spans: group.length,
        journeys: new Set(group.map((s) => s.key)).size,
      }))
      .sort(
        (a, b) => b.spans - a.spans || stepIndex(a.step) - stepIndex(b.step) || byText(a.message, b.message),
      )
      .slice(0, 20);
    expect(await runPanel(5)).toEqual(expected);
  });

  it('slowest traces: whole traces that started in the range, each with its journey', async () => {
    const traces = [...groupBy(rows, (r) => r.TraceId).values()].map((group) => {
      const startNs = group.reduce(
        (min, r) => (BigInt(r.Timestamp) < min ? BigInt(r.Timestamp) : min),
        BigInt(group[0]!.Timestamp),
      );
      const endNs = group.reduce((max, r) => {
        const end = BigInt(r.Timestamp) + BigInt(r.Duration);
        return end > max ? end : max;
      }, 0n);
      const root = group.find((r) => r.ParentSpanId === '')!;
      return {
        trace_id: root.TraceId,
        startNs,
        duration_ms: Number(endNs - startNs) / 1e6,
        root_service: root.ServiceName,
        root_name: root.SpanName,
        spans: group.length,
        errors: group.filter((r) => /^(Error|STATUS_CODE_ERROR)$/.test(r.StatusCode)).length,
        journey: journeyOfTrace.get(root.TraceId)!,
      };
    });
    const expected = traces
      .filter((t) => inRange(t.startNs))
      .sort((a, b) => b.duration_ms - a.duration_ms || byText(a.trace_id, b.trace_id))
      .slice(0, 100)
      .map(({ startNs, ...t }) => {
        const iso = new Date(Number(startNs / 1_000_000n)).toISOString().replace('T', ' ').slice(0, 19);
        return { ...t, start: `${iso}.${(startNs % 1_000_000_000n).toString().padStart(9, '0')}` };
      });
    const actual = await runPanel<Record<string, unknown>>(6);
    expect(actual.map(({ start, ...t }) => ({ ...t, start }))).toEqual(
      expected.map(({ start, ...t }) => ({ ...t, start })),
    );
  });
});

describe('Grafana panels agree with the paylens API', () => {
  const range = { from: FROM_S * 1000, to: TO_S * 1000 };
  const ctx = () => analyticsContext({ driver, link });

  it('steps', async () => {
    const api = await stepStats(ctx(), { range });
    const panel = await runPanel<ReturnType<typeof expectedStepTable>[number]>(1);
    expect(
      api.steps
        .filter((s) => s.count > 0)
        .map((s) => ({
          step: s.step,
          calls: s.count,
          errors: s.errors,
          timeouts: s.timeouts,
          p50_ms: s.p50,
          p90_ms: s.p90,
          p95_ms: s.p95,
          p99_ms: s.p99,
          p999_ms: s.p999,
          max_ms: s.max,
        })),
    ).toEqual(panel.map(({ title, timeout_rate, budget_ms, ...rest }) => rest));
  });

  it('funnel', async () => {
    const api = await funnel(ctx(), { range });
    const panel = await runPanel<ReturnType<typeof expectedFunnel>[number]>(4);
    expect(
      api.steps.map((s) => ({
        step: s.step,
        entered: s.entered,
        succeeded: s.succeeded,
        failed: s.failed,
        dropped: s.dropped,
        conversion_from_start: s.conversionFromStart,
        conversion_from_previous: s.conversionFromPrevious,
      })),
    ).toEqual(panel.map(({ position, title, ...rest }) => rest));
  });

  it('timeout hotspots', async () => {
    const api = await timeoutAnalysis(ctx(), { range, limit: 50 });
    const panel = await runPanel<ReturnType<typeof expectedHotspots>[number]>(3);
    const key = (h: { step: string; service: string | null; peer: string | null; channel: string | null }) =>
      JSON.stringify([h.step, h.service ?? '', h.peer ?? '', h.channel ?? '']);
    const fromApi = new Map(
      api.hotspots.filter((h) => h.timeouts > 0).map((h) => [key(h), [h.calls, h.timeouts, h.p99]]),
    );
    expect(fromApi).toEqual(new Map(panel.map((h) => [key(h), [h.calls, h.timeouts, h.p99_ms]])));
  });
});
