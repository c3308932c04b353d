import { type ClickHouseDriver, type SqlFragment, sql, typed } from '@paylens/store';
import type { Logger } from 'pino';
import { linkSpansSource, type RangeNs } from '../analytics/link-spans-source.ts';
import type { LinkSpansCoverage } from '../analytics/link-spans-view.ts';
import type { LinkDefinition } from '../link/definition.ts';
import { SLOT_SECONDS, slotRowsSql, slotsVersion } from './funnel-slots-sql.ts';
import { JourneyBuilder } from './journey-builder.ts';
import { journeyInputSql, journeyRowsSql } from './journey-rows-sql.ts';
import { type JourneyTraceRef, readBuiltJourneyTraces } from './journey-traces.ts';
import { journeyValuesSql } from './journey-values-sql.ts';
import { journeyVersion } from './journey-version.ts';
import { ALL_SLOTS, readSlotsFrom } from './slot-format-upgrade.ts';
import { storedJourneysSql } from './stored-journeys-sql.ts';
import { traceJourneysSql } from './trace-journeys-sql.ts';
import { type TraceSet, tracesFromQuery } from './trace-set.ts';

/** JourneyStore.checkJourneysIn's journeys: all, or only some by key. */
export interface CheckJourneys {
  all: SqlFragment;
  /** By their sort key: start minute (epoch s) and JourneyHash (decimal text). */
  byKeys: (keys: readonly (readonly [number, string])[]) => SqlFragment;
}

/** The tables the builder writes (reads let it catch up first, so a read may add rows to them). */
export const JOURNEY_STORE_TABLES = [
  'paylens_journeys',
  'paylens_funnel_slots',
  'paylens_trace_journeys',
  'paylens_journey_builds',
] as const;

/** The store's coverage is read again after this long (a backfill moves it earlier). */
const COVERAGE_TTL_MS = 30_000;

/** Longest background run: a read that arrives meanwhile waits for it to finish. */
const BACKGROUND_RUN_MS = 1_000;

/**
 * While ingest is busy, the background builder rests this many times as long as it ran: it takes
 * at most a quarter of one core from ingest and catches up once the load drops (reads still catch
 * up first, or read span by span).
 */
const BUSY_REST_FACTOR = 3;

/** How long a request waits for the builder to catch up before reading spans instead. */
export const CATCH_UP_BUDGET_MS = 3_000;

/** Ranges at least this long read the funnel rollup (shorter ones count journeys exactly). */
export const FUNNEL_ROLLUP_MIN_RANGE_NS = 3n * 3_600_000_000_000n;

/** The funnel's input over a range from the rollup: whole slots, and the journeys at the ends. */
export interface FunnelSlotsPlan {
  /** paylens_funnel_slots rows (Dims, Measure, Step, Key, Count, Amount) of the whole slots. */
  slots: SqlFragment;
  /** Stored journey rows that started in the partial slots at each end; none when it has none. */
  edges?: SqlFragment;
}

/**
 * When the background builder runs next: a backlog (a first build over stored spans) goes on at
 * once, else on the next beat; while ingest is busy it rests BUSY_REST_FACTOR times its run.
 */
export function nextBuildDelayMs(run: {
  done: boolean;
  ranMs: number;
  intervalMs: number;
  ingestBusy: boolean;
  /** Several builders (one per link) rest longer, to share the same quarter of a core. */
  busyRestFactor?: number;
}): number {
  const factor = run.busyRestFactor ?? BUSY_REST_FACTOR;
  const restMs = run.ingestBusy ? Math.max(run.intervalMs, run.ranMs * factor) : 0;
  return run.done ? Math.max(run.intervalMs, restMs) : restMs;
}

/**
 * The one journey model (DESIGN.md "Journeys") for every reader: the funnel, stuck payments,
 * conversion alerts and the journey view. Journeys live in paylens_journeys, kept by a builder
 * that follows the arrivals queue; a read first lets the builder catch up with what arrived before
 * it (so an answer includes everything acknowledged), and reads the journeys span by span with
 * the same SQL when the builder is far behind (a first build over existing data).
 */
export class JourneyStore {
  readonly version: string;
  readonly #driver: ClickHouseDriver;
  readonly #link: LinkDefinition;
  readonly #coverage: () => Promise<LinkSpansCoverage | undefined>;
  readonly #builder: JourneyBuilder;
  readonly #logger: Pick<Logger, 'warn'> | undefined;
  #running: Promise<boolean> | undefined;
  /** Every funnel slot is in the current format (slot-format-upgrade.ts): no need to ask again. */
  #slotsUpgraded = false;
  #covered: { atMs: number; value: Promise<bigint> } | undefined;
  /** otel_traces held no span in [fromNs, coveredFromNs) when read at atMs (#covers). */
  #spanFree: { fromNs: bigint; coveredFromNs: bigint; atMs: number } | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(deps: {
    driver: ClickHouseDriver;
    link: LinkDefinition;
    coverage: () => Promise<LinkSpansCoverage | undefined>;
    logger?: Pick<Logger, 'warn'>;
  }) {
    this.#driver = deps.driver;
    this.#link = deps.link;
    this.#coverage = deps.coverage;
    this.#logger = deps.logger;
    this.version = journeyVersion(deps.link);
    this.#builder = new JourneyBuilder({ ...deps, version: this.version });
  }

  /**
   * Builds in the background every `intervalMs`, so reads find little left to do; yields to
   * ingest while `ingestBusy()` says spans are arriving.
   */
  start(intervalMs: number, options: { ingestBusy?: () => boolean; busyRestFactor?: number } = {}): void {
    if (this.#timer) return;
    const tick = () => {
      const started = Date.now();
      // Bounded, so a read waiting for this run waits little; the next tick goes on. Once caught
      // up, slots of an older format are recomputed, a chunk at a time.
      void this.catchUp(BACKGROUND_RUN_MS)
        .then((done) => done && this.upgradeSlots(BACKGROUND_RUN_MS))
        .catch((error: unknown) => {
          this.#logger?.warn({ err: error }, 'journey builder step failed');
          return true;
        })
        .then((done) => {
          if (!this.#timer) return;
          const delayMs = nextBuildDelayMs({
            done,
            ranMs: Date.now() - started,
            intervalMs,
            ingestBusy: options.ingestBusy?.() ?? false,
            busyRestFactor: options.busyRestFactor,
          });
          this.#timer = setTimeout(tick, delayMs);
        });
    };
    this.#timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }

  /**
   * Builds every arrival up to now, within `budgetMs`; true when nothing is left. One build runs
   * at a time: a caller arriving meanwhile waits for it, then builds what came after.
   */
  async catchUp(budgetMs = CATCH_UP_BUDGET_MS): Promise<boolean> {
    return this.#exclusive(() => this.#run(budgetMs));
  }

  /**
   * Recomputes funnel slots an older slot format wrote (slot-format-upgrade.ts), within
   * `budgetMs`; true when every slot is in the current format. The background builder runs it
   * once caught up; until it is done, ranges over old slots count journeys exactly.
   */
  async upgradeSlots(budgetMs: number): Promise<boolean> {
    return this.#exclusive(async () => {
      const deadline = Date.now() + budgetMs;
      for (;;) {
        if (await this.#builder.upgradeSlots()) return true;
        if (Date.now() >= deadline) return false;
      }
    });
  }

  /** One build or upgrade at a time: a caller arriving meanwhile waits for it. */
  async #exclusive(work: () => Promise<boolean>): Promise<boolean> {
    while (this.#running) await this.#running.catch(() => undefined);
    const run = work();
    this.#running = run;
    try {
      return await run;
    } finally {
      if (this.#running === run) this.#running = undefined;
    }
  }

  async #run(budgetMs: number): Promise<boolean> {
    const deadline = Date.now() + budgetMs;
    const [now] = await this.#driver.query<{ us: string }>(
      sql`SELECT toString(toUnixTimestamp64Micro(now64(6))) AS us`,
    );
    const untilUs = BigInt(now?.us ?? '0');
    for (;;) {
      const step = await this.#builder.step(untilUs);
      if (!step.more) return true;
      if (Date.now() >= deadline) return false;
    }
  }

  /**
   * Journey rows (journeyRowsSql's columns, start and end as StartNs/EndNs) that started in
   * [fromNs, toNs). Span by span where the store cannot hold them: spans an exporter stored before
   * paylens came (until the documented backfill queues them), or while the builder is far behind
   * (a first build, or every journey again after a link change).
   * `spanBySpan` forces that path (tests and benchmarks compare the two).
   */
  async journeysIn(range: RangeNs, options: { spanBySpan?: boolean } = {}): Promise<SqlFragment> {
    return (await this.journeysSource(range, options)).rows;
  }

  /** journeysIn's rows, and whether they are the store's (cheap to read again by journey). */
  async journeysSource(
    range: RangeNs,
    options: { spanBySpan?: boolean } = {},
  ): Promise<{ rows: SqlFragment; stored: boolean }> {
    if (!options.spanBySpan && (await this.#covers(range)) && (await this.catchUp())) {
      return { rows: this.#stored([range]), stored: true };
    }
    return { rows: await this.#fromSpans(range), stored: false };
  }

  /**
   * The funnel rollup's plan for a long range the store answers: its whole ten-minute slots from
   * paylens_funnel_slots, the partial ones at each end as journeys. Undefined when the range is
   * short, the store cannot answer or its whole slots are not all in the current slot format yet
   * (the caller then counts journeysIn exactly).
   */
  async funnelSlots(range: RangeNs): Promise<FunnelSlotsPlan | undefined> {
    if (range.toNs - range.fromNs < FUNNEL_ROLLUP_MIN_RANGE_NS) return undefined;
    const slotNs = BigInt(SLOT_SECONDS) * 1_000_000_000n;
    const firstNs = ((range.fromNs + slotNs - 1n) / slotNs) * slotNs;
    const endNs = (range.toNs / slotNs) * slotNs;
    if (endNs <= firstNs) return undefined;
    if (!(await this.#covers(range)) || !(await this.catchUp())) return undefined;
    const seconds = (ns: bigint) => Number(ns / 1_000_000_000n);
    if (!(await this.#slotsFormattedFrom(seconds(firstNs)))) return undefined;
    const edges = [
      { fromNs: range.fromNs, toNs: firstNs },
      { fromNs: endNs, toNs: range.toNs },
    ].filter((edge) => edge.fromNs < edge.toNs);
    return {
      slots: slotRowsSql(slotsVersion(this.version), seconds(firstNs), seconds(endNs)),
      // A range on slot boundaries has no partial slots: no journeys' measures to plan (tens of ms).
      ...(edges.length > 0 ? { edges: this.#stored(edges) } : {}),
    };
  }

  /** Whether every slot from `fromSec` on is in the current format (read again until all are). */
  async #slotsFormattedFrom(fromSec: number): Promise<boolean> {
    if (this.#slotsUpgraded) return true;
    const from = await readSlotsFrom(this.#driver, slotsVersion(this.version));
    this.#slotsUpgraded = from === ALL_SLOTS;
    return from !== undefined && fromSec >= from;
  }

  /**
   * Each trace of `traces` with its journey (columns TraceId, Journey), as the store resolved it
   * when it covers the range and the builder caught up, else in SQL (trace-journeys-sql.ts): the
   * same resolution journeysIn uses, for readers that group spans into journeys themselves.
   */
  async traceJourneysIn(
    range: RangeNs,
    traces: TraceSet,
    options: { spanBySpan?: boolean } = {},
  ): Promise<SqlFragment> {
    if (!options.spanBySpan && (await this.#covers(range)) && (await this.catchUp())) {
      return sql`(SELECT TraceId, Journey FROM paylens_trace_journeys FINAL
        WHERE LinkVersion = ${this.version} AND TraceId IN ${traces.in})`;
    }
    return sql`(SELECT TraceId, Journey FROM ${traceJourneysSql(traces)})`;
  }

  /**
   * The stored journeys with spans of the checks' steps that may start in the range (their
   * [Start, End] meets it), with their check spans and verdicts (schema 0047, 0049): Journey,
   * JourneyHash, Start, TraceNames, CheckSpans, CheckFrom, CheckTo, CheckSettled, CheckJudged,
   * CheckViolations; all of them, or some by key. Undefined while the store does not answer for
   * the range (checks then group the link spans by journey).
   */
  async checkJourneysIn(
    range: RangeNs,
    options: { spanBySpan?: boolean } = {},
  ): Promise<CheckJourneys | undefined> {
    if (options.spanBySpan || !(await this.#covers(range)) || !(await this.catchUp())) return undefined;
    const from = typed('Int64', range.fromNs.toString());
    const to = typed('Int64', range.toNs.toString());
    // A span of the range lies within its journey's [Start, End]: the End index skips the rest.
    const rows = (only: SqlFragment) => sql`(
      SELECT Journey, JourneyHash, Start, Traces AS TraceNames, CheckSpans, CheckFrom, CheckTo, CheckSettled,
        CheckJudged, CheckViolations
      FROM paylens_journeys FINAL
      WHERE LinkVersion = ${this.version} AND Start < fromUnixTimestamp64Nano(${to})
        AND End >= fromUnixTimestamp64Nano(${from}) AND CheckFrom != 0 ${only})`;
    return {
      all: rows(sql``),
      // A few journeys by the store's sort key: the primary index finds their granules.
      byKeys: (keys) =>
        rows(sql`AND (toStartOfMinute(Start), JourneyHash) IN (
          SELECT toDateTime(k.1, 'UTC'), toUInt64(k.2) FROM (SELECT arrayJoin(arrayZip(
            ${typed(
              'Array(UInt32)',
              keys.map(([minute]) => minute),
            )}, ${typed(
              'Array(String)',
              keys.map(([, hash]) => hash),
            )})) AS k))`),
    };
  }

  /**
   * The traces of a journey (a key, or the TraceId naming a key-less one) with how each joined;
   * from the journey index (keyed traces only) while the journey is not built.
   */
  async tracesOf(journey: string): Promise<JourneyTraceRef[]> {
    await this.catchUp();
    const built = await readBuiltJourneyTraces(this.#driver, this.version, journey);
    if (built.length > 0) return built;
    const indexed = await this.#driver.query<{ TraceId: string }>(sql`
      SELECT DISTINCT TraceId FROM paylens_journey_index WHERE JourneyKey = ${journey} ORDER BY TraceId`);
    return indexed.map((row) => ({ traceId: row.TraceId, via: 'key' }));
  }

  /**
   * Whether every span of the range reached the trace summary (and so the builder): true unless
   * otel_traces holds spans of the range older than the summary's first trace (an exporter wrote
   * them before paylens came; the documented backfill brings them in).
   */
  async #covers(range: RangeNs): Promise<boolean> {
    const coveredFromNs = await this.#coveredFromNs();
    if (range.fromNs >= coveredFromNs) return true;
    // A day's range moves on with the clock and keeps inside the span-free stretch last read: that
    // read holds, as long as the summary's first trace it was read against (re-read as often).
    const free = this.#spanFree;
    const nowMs = Date.now();
    if (
      free &&
      free.coveredFromNs === coveredFromNs &&
      range.fromNs >= free.fromNs &&
      nowMs - free.atMs <= COVERAGE_TTL_MS
    )
      return true;
    const [older] = await this.#driver.query<{ n: number }>(sql`
      SELECT count() AS n FROM (
        SELECT 1 FROM otel_traces
        WHERE Timestamp >= fromUnixTimestamp64Nano(${typed('Int64', range.fromNs.toString())})
          AND Timestamp < fromUnixTimestamp64Nano(${typed('Int64', coveredFromNs.toString())})
        LIMIT 1)`);
    const covered = Number(older?.n ?? 0) === 0;
    if (covered) this.#spanFree = { fromNs: range.fromNs, coveredFromNs, atMs: nowMs };
    return covered;
  }

  /** The first trace start the trace summary holds (re-read now and then; 0 when it is empty). */
  async #coveredFromNs(): Promise<bigint> {
    const nowMs = Date.now();
    if (!this.#covered || nowMs - this.#covered.atMs > COVERAGE_TTL_MS) {
      const read = this.#driver
        .query<{ ns: string }>(
          sql`SELECT toString(toUnixTimestamp64Nano(min(Start))) AS ns FROM paylens_trace_summary`,
        )
        .then(([row]) => BigInt(row?.ns ?? '0'));
      this.#covered = { atMs: nowMs, value: read };
      read.catch(() => {
        this.#covered = undefined;
      });
    }
    return this.#covered.value;
  }

  #stored(ranges: readonly RangeNs[]): SqlFragment {
    return storedJourneysSql(this.version, ranges);
  }

  /** The same rows computed from the link spans of the range (their traces, resolved in SQL). */
  async #fromSpans(range: RangeNs): Promise<SqlFragment> {
    const spans = linkSpansSource(this.#link, await this.#coverage(), range);
    const traces = tracesFromQuery(spans);
    const value = this.#link.value;
    const input = journeyInputSql(
      this.#link,
      spans,
      { kind: 'join', traceJourneys: traceJourneysSql(traces) },
      { kind: 'summary', traceIds: traces.in },
      value && journeyValuesSql(value, [range], sql`TraceId IN ${traces.in}`),
    );
    return sql`(SELECT * FROM ${journeyRowsSql(this.#link, input)}
      WHERE StartNs >= ${typed('Int64', range.fromNs.toString())} AND StartNs < ${typed('Int64', range.toNs.toString())})`;
  }
}
