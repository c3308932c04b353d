import { type ClickHouseDriver, sql, typed } from '@paylens/store';
import { insertRows } from '../alerts/insert-rows.ts';
import { linkSpansSource } from '../analytics/link-spans-source.ts';
import type { LinkSpansCoverage } from '../analytics/link-spans-view.ts';
import { checkVerdictColumnsSql, checkVerdictsSql } from '../checks/check-verdicts-sql.ts';
import { funnelPositions, type LinkDefinition } from '../link/definition.ts';
import {
  recomputeSlotsSql,
  SLOT_SECONDS,
  type SlotsOfLink,
  slotOf,
  slotsVersion,
} from './funnel-slots-sql.ts';
import { journeyInputSql, journeyRowsSql } from './journey-rows-sql.ts';
import { journeyValuesSql } from './journey-values-sql.ts';
import { mergeRanges } from './merge-ranges.ts';
import { LINK_HOPS, resolveJourney, type TraceFacts, unreadLinks } from './resolve-journeys.ts';
import { ALL_SLOTS, nextUpgradeChunk, readSlotsFrom, writeSlotsFrom } from './slot-format-upgrade.ts';
import { storedJourneysSql } from './stored-journeys-sql.ts';

/** A trace's facts and its time range [fromNs, toNs) from the trace summary (0 when unknown). */
interface Facts extends TraceFacts {
  fromNs: bigint;
  toNs: bigint;
}

function rangesOf(traceIds: readonly string[], facts: ReadonlyMap<string, Facts>) {
  return mergeRanges(
    traceIds.flatMap((t) => {
      const f = facts.get(t);
      return f?.fromNs ? [{ fromNs: f.fromNs, toNs: f.toNs }] : [];
    }),
  );
}

/** Traces taken from the arrivals queue per step: bounded parameter lists and memory. */
export const BATCH_TRACES = 4_000;

/**
 * Inserts become visible out of order by up to this much (concurrent inserts, several collectors):
 * arrivals this recent are read again next time, and skipped if already built.
 */
const VISIBILITY_LAG_US = 5_000_000n;

interface Arrival {
  TraceId: string;
  at: string;
}

export interface BuildStep {
  traces: number;
  journeys: number;
  /** True when arrivals were left for the next step (the batch was full). */
  more: boolean;
}

/**
 * Keeps paylens_journeys up to date from the arrivals queue: each step takes the traces that
 * received spans (or keyed logs), the traces linking to them, resolves their journeys, and rebuilds
 * every journey they are or were part of, whole, from its spans. A journey that lost its last
 * trace (a key-less trace whose key arrived late) is deleted. Rebuilding whole journeys is what
 * makes the answer independent of how spans were batched or when they arrived.
 */
export class JourneyBuilder {
  readonly #driver: ClickHouseDriver;
  readonly #link: LinkDefinition;
  readonly #version: string;
  readonly #coverage: () => Promise<LinkSpansCoverage | undefined>;
  readonly #slots: SlotsOfLink;
  /** The slot format's upgrade is known to be done (slot-format-upgrade.ts): nothing left to check. */
  #slotsUpgraded = false;
  /** Arrivals already built within the visibility lag, by `TraceId@at`. */
  #recent = new Set<string>();
  #watermarkUs: bigint | undefined;

  constructor(deps: {
    driver: ClickHouseDriver;
    link: LinkDefinition;
    version: string;
    coverage: () => Promise<LinkSpansCoverage | undefined>;
  }) {
    this.#driver = oneThread(deps.driver);
    this.#link = deps.link;
    this.#version = deps.version;
    this.#coverage = deps.coverage;
    this.#slots = {
      version: slotsVersion(deps.version),
      positions: funnelPositions(deps.link),
      valued: deps.link.value !== undefined,
    };
  }

  /**
   * Builds one batch of arrivals up to `untilUs` (epoch µs): first any arrival that became visible
   * late, behind the watermark (inserts commit out of order), then the next ones in arrival order.
   */
  async step(untilUs: bigint): Promise<BuildStep> {
    // First step of this process: before any journey is written, settle the slots' format.
    if (this.#watermarkUs === undefined) await this.#startSlotFormat();
    const watermarkUs = await this.#readWatermark();
    const late =
      watermarkUs > 0n
        ? (await this.#arrivals(watermarkUs - VISIBILITY_LAG_US, watermarkUs)).filter(
            (a) => !this.#recent.has(`${a.TraceId}@${a.at}`),
          )
        : [];
    const next = await this.#arrivals(watermarkUs, untilUs, BATCH_TRACES + 1);
    const more = next.length > BATCH_TRACES;
    // A full batch ends just before its last arrival's instant, so no trace of that instant is
    // skipped; when the whole batch shares one instant, it is taken whole.
    let endUs = more ? BigInt(next[BATCH_TRACES]!.at) - 1n : untilUs;
    let taken = next.filter((a) => BigInt(a.at) <= endUs);
    if (more && taken.length === 0) {
      taken = next;
      endUs = BigInt(next[0]!.at);
    }
    const batch = [...late, ...taken];
    let built = 0;
    for (let i = 0; i < batch.length; i += BATCH_TRACES) {
      built += await this.#rebuild([...new Set(batch.slice(i, i + BATCH_TRACES).map((a) => a.TraceId))]);
    }
    for (const a of batch) this.#recent.add(`${a.TraceId}@${a.at}`);
    this.#forgetBefore(endUs - VISIBILITY_LAG_US);
    // Recorded when work was done: an idle catch-up (every read) writes nothing.
    if (endUs > watermarkUs) {
      if (batch.length > 0) await this.#writeWatermark(endUs);
      else this.#watermarkUs = endUs;
    }
    return { traces: batch.length, journeys: built, more };
  }

  /**
   * Arrivals in (fromUs, toUs], each trace once at its latest arrival, oldest first, and the
   * traces of one insert in time order (a batch then covers a short span of time).
   */
  async #arrivals(fromUs: bigint, toUs: bigint, limit?: number): Promise<Arrival[]> {
    return this.#driver.query<Arrival>(sql`
      SELECT TraceId, toString(toUnixTimestamp64Micro(max(ArrivedAt))) AS at FROM paylens_trace_arrivals
      WHERE ArrivedAt > fromUnixTimestamp64Micro(${typed('Int64', fromUs.toString())})
        AND ArrivedAt <= fromUnixTimestamp64Micro(${typed('Int64', toUs.toString())})
      GROUP BY TraceId ORDER BY at, min(Start), TraceId${limit === undefined ? sql`` : sql` LIMIT ${limit}`}`);
  }

  async #rebuild(arrived: readonly string[]): Promise<number> {
    const affected = await this.#withLinkingTraces(arrived);
    const facts = await this.#facts(affected);
    for (let hop = 0; hop < LINK_HOPS; hop++) {
      const next = unreadLinks(affected, facts);
      if (next.length === 0) break;
      for (const [id, f] of await this.#facts(next)) facts.set(id, f);
    }
    const resolved = affected.map((traceId) => resolveJourney(traceId, facts));
    const previous = await this.#assignments(affected);
    const keyed = await this.#ownKeys(affected, facts);
    const journeys = [...new Set([...resolved.map((r) => r.journey), ...previous.values(), ...keyed])];
    // Every trace of those journeys: the affected ones and those their built rows already list.
    const built = await this.#builtRows(journeys);
    const affectedSet = new Set(affected);
    const unchanged = [...new Set([...built.values()].flatMap((row) => row.traces))].filter(
      (t) => !affectedSet.has(t),
    );
    const map = new Map(resolved.map((r) => [r.traceId, r.journey]));
    for (const [traceId, journey] of await this.#assignments(unchanged)) map.set(traceId, journey);
    for (const [id, f] of await this.#facts(unchanged.filter((t) => !facts.has(t)))) facts.set(id, f);
    const starts = await this.#insertJourneys(map, facts, journeys);
    // A row under a minute the journey no longer starts in (a late span moved its start, or none of
    // these traces maps to it any more) is tombstoned: rows are keyed by their start minute.
    const stale = [...built].flatMap(([journey, row]) =>
      row.startsNs
        .filter((ns) => minuteOf(ns) !== minuteOf(starts.get(journey)))
        .map((ns) => ({ journey, ns })),
    );
    const version = nextVersion();
    if (stale.length > 0) {
      const names = typed(
        'Array(String)',
        stale.map((x) => x.journey),
      );
      const startsNs = typed(
        'Array(String)',
        stale.map((x) => x.ns.toString()),
      );
      await this.#driver.command(sql`
        INSERT INTO paylens_journeys (LinkVersion, JourneyHash, Journey, Version, Deleted, Start, End)
        SELECT ${this.#version}, cityHash64(t.1), t.1, ${typed('UInt64', version)}, 1,
          fromUnixTimestamp64Nano(toInt64(t.2)), fromUnixTimestamp64Nano(toInt64(t.2))
        FROM (SELECT arrayJoin(arrayZip(${names}, ${startsNs})) AS t)`);
    }
    await this.#recomputeSlots([...stale.map((x) => x.ns), ...starts.values()]);
    await insertRows(
      this.#driver,
      'paylens_trace_journeys',
      resolved.map((r) => ({
        LinkVersion: this.#version,
        TraceId: r.traceId,
        Journey: r.journey,
        Via: r.via,
        LinkedTo: r.linkedTo,
        Version: version,
      })),
    );
    return starts.size;
  }

  /**
   * The live stored rows of these journeys (without FINAL: the latest version per journey and
   * start minute, tombstones dropped): their traces and starts.
   */
  async #builtRows(
    journeys: readonly string[],
  ): Promise<Map<string, { traces: string[]; startsNs: bigint[] }>> {
    const rows = await this.#driver.query<{
      Journey: string;
      startNs: string;
      deleted: number;
      Traces: string[];
    }>(sql`
      SELECT Journey, toString(toUnixTimestamp64Nano(argMax(Start, Version))) AS startNs,
        argMax(Deleted, Version) AS deleted, argMax(Traces, Version) AS Traces
      FROM paylens_journeys
      WHERE LinkVersion = ${this.#version}
        AND JourneyHash IN (SELECT cityHash64(arrayJoin(${typed('Array(String)', journeys)})))
        AND Journey IN ${journeys}
      GROUP BY Journey, toStartOfMinute(Start)`);
    const built = new Map<string, { traces: string[]; startsNs: bigint[] }>();
    for (const row of rows) {
      if (Number(row.deleted)) continue;
      const entry = built.get(row.Journey) ?? { traces: [], startsNs: [] };
      entry.traces.push(...row.Traces);
      entry.startsNs.push(BigInt(row.startNs));
      built.set(row.Journey, entry);
    }
    return built;
  }

  /** Recomputes the funnel rollup's slots holding these journey starts, from the stored journeys. */
  async #recomputeSlots(startsNs: Iterable<bigint>): Promise<void> {
    await this.#recomputeSlotList([...new Set([...startsNs].map(slotOf))].sort((a, b) => a - b));
  }

  async #recomputeSlotList(slots: readonly number[]): Promise<void> {
    if (slots.length === 0) return;
    const slotNs = BigInt(SLOT_SECONDS) * 1_000_000_000n;
    const ranges = mergeRanges(
      slots.map((slot) => ({
        fromNs: BigInt(slot) * 1_000_000_000n,
        toNs: BigInt(slot) * 1_000_000_000n + slotNs,
      })),
    );
    await this.#driver.command(
      recomputeSlotsSql(this.#slots, slots, storedJourneysSql(this.#version, ranges)),
    );
  }

  /**
   * A store without journeys of this version yet has every slot in the current format as it
   * builds them; one built before the format holds older slots, upgraded by upgradeSlots.
   */
  async #startSlotFormat(): Promise<void> {
    if ((await readSlotsFrom(this.#driver, this.#slots.version)) !== undefined) return;
    const [built] = await this.#driver.query<{ n: number }>(sql`
      SELECT count() AS n FROM (SELECT 1 FROM paylens_journeys WHERE LinkVersion = ${this.#version} LIMIT 1)`);
    if (Number(built?.n ?? 0) === 0) await writeSlotsFrom(this.#driver, this.#slots.version, ALL_SLOTS);
  }

  /**
   * One step of the slot format's upgrade (slot-format-upgrade.ts): recomputes the next chunk of
   * slots, newest first, from the stored journeys. True once every slot is in the current format.
   */
  async upgradeSlots(): Promise<boolean> {
    if (this.#slotsUpgraded) return true;
    const from = await readSlotsFrom(this.#driver, this.#slots.version);
    const [extent] =
      from === ALL_SLOTS
        ? []
        : await this.#driver.query<{ first: number | string; last: number | string; n: number }>(sql`
          SELECT toUnixTimestamp(min(Start)) AS first, toUnixTimestamp(max(Start)) AS last, count() AS n
          FROM paylens_journeys WHERE LinkVersion = ${this.#version}`);
    if (!extent || Number(extent.n) === 0) {
      if (from !== ALL_SLOTS) await writeSlotsFrom(this.#driver, this.#slots.version, ALL_SLOTS);
      this.#slotsUpgraded = true;
      return true;
    }
    // Slots after the newest stored start only hold journeys built from now on, in this format.
    const start = from ?? slotOf(BigInt(extent.last) * 1_000_000_000n) + SLOT_SECONDS;
    const chunk = nextUpgradeChunk(start, slotOf(BigInt(extent.first) * 1_000_000_000n));
    await this.#recomputeSlotList(chunk.slots);
    await writeSlotsFrom(this.#driver, this.#slots.version, chunk.fromSec);
    this.#slotsUpgraded = chunk.fromSec === ALL_SLOTS;
    return this.#slotsUpgraded;
  }

  /** The traces given and those linking to them (a consumer whose producer's key arrived late). */
  async #withLinkingTraces(traceIds: readonly string[]): Promise<string[]> {
    const all = new Set(traceIds);
    let frontier = [...traceIds];
    for (let hop = 0; hop < LINK_HOPS && frontier.length > 0; hop++) {
      const rows = await this.#driver.query<{ TraceId: string }>(sql`
        SELECT DISTINCT TraceId FROM paylens_trace_links WHERE LinkedTraceId IN ${frontier}`);
      frontier = rows.map((r) => r.TraceId).filter((t) => !all.has(t));
      for (const t of frontier) all.add(t);
    }
    return [...all];
  }

  /** Keys, links and time range of these traces, in one read of each table. */
  async #facts(traceIds: readonly string[]): Promise<Map<string, Facts>> {
    if (traceIds.length === 0) return new Map();
    const rows = await this.#driver.query<{
      TraceId: string;
      spanKey: string;
      logKey: string;
      linked: string;
      fromNs: string;
      toNs: string;
    }>(sql`
      SELECT TraceId, maxIf(key, source = 's') AS spanKey, maxIf(key, source = 'l') AS logKey,
        minIf(linked, linked != '') AS linked,
        toString(minIf(startNs, source = 's')) AS fromNs, toString(maxIf(endNs, source = 's')) AS toNs
      FROM (
        SELECT 's' AS source, TraceId, JourneyKey AS key, '' AS linked,
          toUnixTimestamp64Nano(Start) AS startNs, toUnixTimestamp64Nano(End) AS endNs
        FROM paylens_trace_summary WHERE TraceId IN ${traceIds}
        UNION ALL
        SELECT 'l', TraceId, JourneyKey, '', 0, 0 FROM paylens_trace_log_keys WHERE TraceId IN ${traceIds}
        UNION ALL
        SELECT 'k', TraceId, '', LinkedTraceId, 0, 0 FROM paylens_trace_links WHERE TraceId IN ${traceIds}
      )
      GROUP BY TraceId`);
    return new Map(
      rows.map((r) => [
        r.TraceId,
        {
          traceId: r.TraceId,
          spanKey: r.spanKey,
          logKey: r.logKey,
          linked: r.linked,
          fromNs: BigInt(r.fromNs),
          toNs: BigInt(r.toNs) + 1n,
        },
      ]),
    );
  }

  /** The journeys the builder last assigned these traces to. */
  async #assignments(traceIds: readonly string[]): Promise<Map<string, string>> {
    if (traceIds.length === 0) return new Map();
    const rows = await this.#driver.query<{ TraceId: string; Journey: string }>(sql`
      SELECT TraceId, argMax(Journey, Version) AS Journey FROM paylens_trace_journeys
      WHERE LinkVersion = ${this.#version} AND TraceId IN ${traceIds}
      GROUP BY TraceId`);
    return new Map(rows.map((r) => [r.TraceId, r.Journey]));
  }

  /** Keys carried by step spans of these traces: such a span belongs to its own key's journey. */
  async #ownKeys(traceIds: readonly string[], facts: ReadonlyMap<string, Facts>): Promise<string[]> {
    const ranges = rangesOf(traceIds, facts);
    if (ranges.length === 0) return [];
    const source = linkSpansSource(
      this.#link,
      await this.#coverage(),
      ranges,
      sql`TraceId IN ${traceIds} AND SpanKey != ''`,
      ['SpanKey'],
    );
    const rows = await this.#driver.query<{ SpanKey: string }>(sql`SELECT DISTINCT SpanKey FROM ${source}`);
    return rows.map((r) => r.SpanKey);
  }

  /** Builds the given journeys from the spans of the mapped traces; their new starts, by journey. */
  async #insertJourneys(
    map: ReadonlyMap<string, string>,
    facts: ReadonlyMap<string, Facts>,
    journeys: readonly string[],
  ): Promise<Map<string, bigint>> {
    const traceIds = [...map.keys()].filter((t) => facts.get(t)?.fromNs);
    const ranges = rangesOf(traceIds, facts);
    if (ranges.length === 0) return new Map();
    const ids = sql`${typed('Array(String)', traceIds)}`;
    const spans = linkSpansSource(this.#link, await this.#coverage(), ranges, sql`TraceId IN ${ids}`);
    const value = this.#link.value;
    const input = journeyInputSql(
      this.#link,
      spans,
      { kind: 'arrays', traceIds, journeys: traceIds.map((t) => map.get(t)!) },
      {
        kind: 'given',
        extents: traceIds.map((t) => ({
          traceId: t,
          fromNs: facts.get(t)!.fromNs,
          toNs: facts.get(t)!.toNs - 1n,
        })),
      },
      value && journeyValuesSql(value, ranges, sql`TraceId IN ${ids}`),
    );
    const version = nextVersion();
    // The verdicts are computed once, in a subquery of their own, and read as a column.
    await this.#driver.command(sql`
      INSERT INTO paylens_journeys (LinkVersion, JourneyHash, Journey, Version, Deleted, Start, End, Entered,
        Succeeded, Attempts, FirstStart, FirstOkEnd, LastFailure, Failures, Dims, LastStep, LastSpanAt, Traces,
        Value, Currency, CheckSpans, Waiting, CheckFrom, CheckTo, CheckSettled, CheckJudged, CheckViolations)
      SELECT ${this.#version}, JourneyHash, Journey, ${typed('UInt64', version)}, 0,
        fromUnixTimestamp64Nano(StartNs), fromUnixTimestamp64Nano(EndNs), Entered, Succeeded, Attempts,
        FirstStart, FirstOkEnd, LastFailure, Failures, Dims, LastStep, LastSpanAt, Traces, Value, Currency,
        CheckSpans, Waiting, ${checkVerdictColumnsSql(this.#link)}
      FROM (
        SELECT *, ${checkVerdictsSql(this.#link)} AS CheckVerdicts
        FROM (SELECT * FROM ${journeyRowsSql(this.#link, input)} WHERE Journey IN ${journeys})
      )`);
    const rows = await this.#driver.query<{ Journey: string; startNs: string }>(sql`
      SELECT Journey, toString(toUnixTimestamp64Nano(Start)) AS startNs FROM paylens_journeys
      WHERE LinkVersion = ${this.#version}
        AND JourneyHash IN (SELECT cityHash64(arrayJoin(${typed('Array(String)', journeys)})))
        AND Version = ${typed('UInt64', version)}`);
    return new Map(rows.map((row) => [row.Journey, BigInt(row.startNs)]));
  }

  async #readWatermark(): Promise<bigint> {
    if (this.#watermarkUs !== undefined) return this.#watermarkUs;
    const [row] = await this.#driver.query<{ us: string }>(sql`
      SELECT toString(toUnixTimestamp64Micro(argMax(Watermark, UpdatedAt))) AS us
      FROM paylens_journey_builds WHERE LinkVersion = ${this.#version} GROUP BY LinkVersion`);
    if (!row) await this.#queueStoredTraces();
    this.#watermarkUs = row ? BigInt(row.us) : 0n;
    return this.#watermarkUs;
  }

  /**
   * Traces stored before the arrivals queue existed (an upgrade) are queued once, in time order,
   * so their journeys are built too.
   */
  async #queueStoredTraces(): Promise<void> {
    const [queue] = await this.#driver.query<{ n: number }>(
      sql`SELECT count() AS n FROM (SELECT 1 FROM paylens_trace_arrivals LIMIT 1)`,
    );
    if (Number(queue?.n) > 0) return;
    await this.#driver.command(sql`
      INSERT INTO paylens_trace_arrivals (ArrivedAt, TraceId, Start)
      SELECT toDateTime64(min(Start), 6), TraceId, min(Start) FROM paylens_trace_summary GROUP BY TraceId`);
  }

  async #writeWatermark(us: bigint): Promise<void> {
    // INSERT … SELECT: the one-thread setting follows the statement (it cannot follow VALUES).
    await this.#driver.command(sql`
      INSERT INTO paylens_journey_builds (LinkVersion, Watermark)
      SELECT ${this.#version}, fromUnixTimestamp64Micro(${typed('Int64', us.toString())})`);
    this.#watermarkUs = us;
  }

  #forgetBefore(us: bigint): void {
    for (const entry of this.#recent) {
      if (BigInt(entry.slice(entry.lastIndexOf('@') + 1)) < us) this.#recent.delete(entry);
    }
  }
}

/**
 * The builder's queries run on one thread: it works beside ingest (and its views) on the same
 * cores, and small batches gain little from more.
 */
function oneThread(driver: ClickHouseDriver): ClickHouseDriver {
  const settings = { max_threads: 1 };
  return {
    kind: driver.kind,
    query: (query, extra) => driver.query(query, { ...settings, ...extra }),
    command: (query, extra) => driver.command(query, { ...settings, ...extra }),
    insert: (request) => driver.insert(request),
    ping: () => driver.ping(),
    close: () => driver.close(),
  };
}

/** The minute a start in ns falls in (the store's key); -1 for none. */
function minuteOf(ns: bigint | undefined): bigint {
  return ns === undefined ? -1n : ns / 60_000_000_000n;
}

let lastVersion = 0n;

/** Row versions: microseconds since the epoch, strictly increasing within the process. */
function nextVersion(): string {
  const now = BigInt(Date.now()) * 1000n;
  lastVersion = now > lastVersion ? now : lastVersion + 1n;
  return lastVersion.toString();
}
