import { type ClickHouseDriver, join, type SqlFragment, sql, typed, UNSAFE_raw } from '@paylens/store';
import type { RangeNs } from '../analytics/link-spans-source.ts';
import type { CheckJourneys } from '../journeys/journey-store.ts';
import type { CheckDefinition } from '../link/check-schema.ts';
import type { LinkDefinition } from '../link/definition.ts';
import { judgeStored, type StoredCheckSpan, type StoredJourney } from './judge-stored.ts';

/**
 * Checks over the journey store in two reads. A journey whose check spans all start in the range
 * and whose windows have passed ("interior": nearly all of a long range's) is counted from its
 * stored verdicts, narrow columns, in SQL; the others (at the range's edges, or still in a window)
 * and the candidates for samples or a listed page are read by key and judged again from their
 * CheckSpans with judge.ts. Both give check-sql.ts's answer; the narrow read is what makes a day
 * of a million journeys cheap, and the few judged again need no large SQL to analyse.
 */

/** Per check: judged journeys, violations, samples (newest first) and violations per bucket. */
export interface SummaryRow {
  ci: number;
  journeys: number;
  violations: number;
  /** (atNs, key, traceIds, count, gapNs), newest first. */
  samples: [string, string, string[], number, string][];
  /** Bucket indexes and their violations. */
  buckets: [number[], (number | string)[]];
}

export interface Buckets {
  firstNs: bigint;
  widthNs: bigint;
}

/** Candidates read per check for samples beyond the samples kept: room for ties on `at`. */
const CANDIDATE_MARGIN = 16;

const n = (value: number) => UNSAFE_raw(String(value));
const ns = (value: bigint) => typed('Int64', value.toString());

/** Whether a stored journey's verdicts hold for the range as judged at `nowNs`. */
function interiorSql(range: RangeNs, nowNs: bigint): SqlFragment {
  return sql`(CheckFrom >= ${ns(range.fromNs)} AND CheckTo < ${ns(range.toNs)} AND CheckSettled <= ${ns(nowNs)})`;
}

/** A journey by the store's sort key: start minute (epoch s) and JourneyHash (decimal text). */
type JourneyKey = [minute: number, hash: string];

/**
 * The first read's rows: per journey its key, whether its stored verdicts hold for the range
 * (`interior`), its judged bits and violations, and `vi`, the checks it violates (in
 * CheckViolations' order). The per-check aggregates then read `vi` with has/indexOf, no lambda.
 */
function firstReadRows(journeys: CheckJourneys, interior: SqlFragment): SqlFragment {
  return sql`(SELECT (toUnixTimestamp(toStartOfMinute(Start)), JourneyHash) AS key, ${interior} AS interior,
      CheckJudged, CheckViolations, arrayMap(v -> v.1, CheckViolations) AS vi
    FROM ${journeys.all})`;
}

/** The journeys whose stored verdicts do not hold for the range, their keys as JourneyKey. */
const EDGES = sql`arrayMap(k -> (k.1, toString(k.2)), groupArrayIf(key, NOT interior))`;
const violatedSql = (ci: number) => sql`(interior AND has(vi, ${n(ci)}))`;
const atSql = (ci: number) => sql`CheckViolations[indexOf(vi, ${n(ci)})].2`;
/** The keys of the newest violations of a check among the interior journeys. */
const candidatesSql = (ci: number, count: number) =>
  sql`arrayMap(x -> (x.2.1, toString(x.2.2)), groupArraySortedIf(${n(count)})((-${atSql(ci)}, key), ${violatedSql(ci)}))`;

/** The journeys of `keys` with their check spans, and whether their stored verdicts hold. */
async function readJourneys(
  driver: ClickHouseDriver,
  journeys: CheckJourneys,
  keys: readonly JourneyKey[],
  interior: SqlFragment,
): Promise<(StoredJourney & { interior: boolean })[]> {
  const unique = [...new Map(keys.map((key) => [`${key[0]}/${key[1]}`, key])).values()];
  if (unique.length === 0) return [];
  const rows = await driver.query<{
    Journey: string;
    TraceNames: string[];
    interior: number;
    spans: StoredCheckSpan[];
  }>(sql`
    SELECT Journey, TraceNames, ${interior} AS interior,
      arrayMap(x -> (x.1, toString(x.2), toString(x.3), x.4, toString(x.5), x.6), CheckSpans) AS spans
    FROM ${journeys.byKeys(unique)}`);
  return rows.map((row) => ({
    key: row.Journey,
    traces: row.TraceNames,
    spans: row.spans.map(([step, start, end, ok, hash, trace]) => [
      Number(step),
      start,
      end,
      Boolean(ok),
      hash,
      Number(trace),
    ]),
    interior: Boolean(Number(row.interior)),
  }));
}

/**
 * Every check of the link over the range: per check, interior journeys counted from the stored
 * verdicts, the rest and the newest candidates judged from their spans.
 */
export async function storedSummaries(
  driver: ClickHouseDriver,
  link: Pick<LinkDefinition, 'steps'>,
  journeys: CheckJourneys,
  checks: readonly CheckDefinition[],
  range: RangeNs,
  nowNs: bigint,
  buckets: Buckets,
  samples: number,
): Promise<SummaryRow[]> {
  const interior = interiorSql(range, nowNs);
  const per = (f: (ci: number) => SqlFragment) =>
    sql`[${join(
      checks.map((_, ci) => f(ci)),
      ', ',
    )}]`;
  const [first] = await driver.query<{
    edges: JourneyKey[];
    journeys: number[];
    violations: number[];
    candidates: JourneyKey[][];
    buckets: [number[], (number | string)[]][];
  }>(sql`
    SELECT ${EDGES} AS edges,
      ${per((ci) => sql`countIf(interior AND bitTest(CheckJudged, ${n(ci)}))`)} AS journeys,
      ${per((ci) => sql`countIf(${violatedSql(ci)})`)} AS violations,
      ${per((ci) => candidatesSql(ci, samples + CANDIDATE_MARGIN))} AS candidates,
      ${per(
        (ci) =>
          sql`sumMapIf([intDiv(${atSql(ci)} - ${ns(buckets.firstNs)}, ${ns(buckets.widthNs)})], [toUInt64(1)], ${violatedSql(ci)})`,
      )} AS buckets
    FROM ${firstReadRows(journeys, interior)}`);
  const pass1 = first ?? { edges: [], journeys: [], violations: [], candidates: [], buckets: [] };
  const judgedAgain = await readJourneys(
    driver,
    journeys,
    [...pass1.edges, ...pass1.candidates.flat()],
    interior,
  );
  return checks.map((check, ci): SummaryRow => {
    let judgedCount = 0;
    let violatedCount = 0;
    const edgeBuckets = new Map<number, number>();
    const found: SummaryRow['samples'] = [];
    for (const journey of judgedAgain) {
      const { judged, violation, traceIds } = judgeStored(link, check, journey, range, nowNs);
      if (!journey.interior && judged) judgedCount += 1;
      if (!violation) continue;
      found.push([
        violation.atNs.toString(),
        journey.key,
        traceIds,
        violation.count,
        violation.gapNs.toString(),
      ]);
      if (journey.interior) continue;
      violatedCount += 1;
      const bucket = Number((violation.atNs - buckets.firstNs) / buckets.widthNs);
      edgeBuckets.set(bucket, (edgeBuckets.get(bucket) ?? 0) + 1);
    }
    return {
      ci,
      journeys: Number(pass1.journeys[ci] ?? 0) + judgedCount,
      violations: Number(pass1.violations[ci] ?? 0) + violatedCount,
      samples: found.sort((a, b) => newerFirst([a[0], a[1]], [b[0], b[1]])).slice(0, samples),
      buckets: addBuckets(pass1.buckets[ci] ?? [[], []], [
        [...edgeBuckets.keys()],
        [...edgeBuckets.values()],
      ]),
    };
  });
}

/** A violating journey as checks-service lists it. */
export interface ViolationRow {
  Journey: string;
  Traces: string[];
  atNs: string;
  hashes: string[];
  n: number;
  gapNs: string;
}

/**
 * One check's violating journeys in the range, newest first (by `at`, then key), `limit` of them,
 * and how many there are: interior ones counted from the stored verdicts, the newest of them and
 * every other journey judged from their spans.
 */
export async function storedViolations(
  driver: ClickHouseDriver,
  link: Pick<LinkDefinition, 'steps' | 'checks'>,
  journeys: CheckJourneys,
  check: CheckDefinition,
  range: RangeNs,
  nowNs: bigint,
  limit: number,
): Promise<{ total: number; rows: ViolationRow[] }> {
  const ci = (link.checks ?? []).indexOf(check);
  if (ci < 0) throw new Error(`check ${check.id} is not a check of the link`);
  const interior = interiorSql(range, nowNs);
  const [first] = await driver.query<{
    edges: JourneyKey[];
    violations: number;
    candidates: JourneyKey[];
  }>(sql`
    SELECT ${EDGES} AS edges, countIf(${violatedSql(ci)}) AS violations,
      ${candidatesSql(ci, limit + CANDIDATE_MARGIN)} AS candidates
    FROM ${firstReadRows(journeys, interior)}`);
  const judgedAgain = await readJourneys(
    driver,
    journeys,
    [...(first?.edges ?? []), ...(first?.candidates ?? [])],
    interior,
  );
  let edgeViolations = 0;
  const rows: ViolationRow[] = [];
  for (const journey of judgedAgain) {
    const { violation, traceIds } = judgeStored(link, check, journey, range, nowNs);
    if (!violation) continue;
    if (!journey.interior) edgeViolations += 1;
    rows.push({
      Journey: journey.key,
      Traces: traceIds,
      atNs: violation.atNs.toString(),
      hashes: violation.spanIds,
      n: violation.count,
      gapNs: violation.gapNs.toString(),
    });
  }
  rows.sort((a, b) => newerFirst([a.atNs, a.Journey], [b.atNs, b.Journey]));
  return { total: Number(first?.violations ?? 0) + edgeViolations, rows: rows.slice(0, limit) };
}

/** Violations newest first (by `at`, ns text), then by journey key: the order SQL's samples take. */
function newerFirst([atA, keyA]: readonly [string, string], [atB, keyB]: readonly [string, string]): number {
  const byAt = BigInt(atB) - BigInt(atA);
  if (byAt !== 0n) return byAt > 0n ? 1 : -1;
  return keyA < keyB ? -1 : keyA > keyB ? 1 : 0;
}

/** Two sparse bucket counts (sumMap results) as one. */
function addBuckets(
  a: [number[], (number | string)[]],
  b: [number[], (number | string)[]],
): [number[], (number | string)[]] {
  const sums = new Map<number, number>();
  for (const [indexes, counts] of [a, b])
    indexes.forEach((index, i) => {
      sums.set(Number(index), (sums.get(Number(index)) ?? 0) + Number(counts[i] ?? 0));
    });
  const sorted = [...sums.keys()].sort((x, y) => x - y);
  return [sorted, sorted.map((index) => sums.get(index)!)];
}
