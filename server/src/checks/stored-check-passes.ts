import { type ClickHouseDriver, join, type SqlFragment, sql, typed, UNSAFE_raw } from '@paylens/store';
import type { RangeNs } from '../analytics/link-spans-source.ts';
import type { CheckJourneys } from '../journeys/journey-store.ts';
import type { CheckDefinition } from '../link/check-schema.ts';
import type { LinkDefinition } from '../link/definition.ts';
import { interiorSql, storedJudgedRowsSql } from './judged-rows-sql.ts';

/**
 * Checks over the journey store in two reads. A journey whose check spans all start in the range
 * and whose windows have passed ("interior": nearly all of a long range's) is counted from its
 * stored verdicts, narrow columns; the others (at the range's edges, or still in a window) and the
 * candidates for samples or a listed page are judged again from their CheckSpans. Both give
 * check-sql.ts's answer; the narrow read is what makes a day of a million journeys cheap.
 */

/** Per check: judged journeys, violations, samples (newest first) and violations per bucket. */
export interface SummaryRow {
  ci: number;
  journeys: number;
  violations: number;
  /** (−atNs, key, traceIds, count, gapNs), newest first. */
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

/** Per check (its index in the link's checks): `at` of the stored violation, and whether there is one. */
function storedViolation(linkIndex: number) {
  return {
    has: sql`arrayExists(v -> v.1 = ${n(linkIndex)}, CheckViolations)`,
    at: sql`arrayFirst(v -> v.1 = ${n(linkIndex)}, CheckViolations).2`,
  };
}

interface Pass1Row {
  edges: string[];
  journeys: number[];
  violations: number[];
  candidates: [string, string][][];
  buckets: [number[], (number | string)[]][];
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
  const bucketOf = (at: SqlFragment) => sql`intDiv(${at} - ${ns(buckets.firstNs)}, ${ns(buckets.widthNs)})`;
  const per = (f: (ci: number) => SqlFragment) =>
    sql`[${join(
      checks.map((_, ci) => f(ci)),
      ', ',
    )}]`;
  const [first] = await driver.query<Pass1Row>(sql`
    SELECT groupArrayIf(toString(JourneyHash), NOT interior) AS edges,
      ${per((ci) => sql`countIf(interior AND bitTest(CheckJudged, ${n(ci)}))`)} AS journeys,
      ${per((ci) => sql`countIf(interior AND ${storedViolation(ci).has})`)} AS violations,
      ${per((ci) => {
        const v = storedViolation(ci);
        return sql`groupArraySortedIf(${n(samples + CANDIDATE_MARGIN)})((-${v.at}, toString(JourneyHash)), interior AND ${v.has})`;
      })} AS candidates,
      ${per((ci) => {
        const v = storedViolation(ci);
        return sql`sumMapIf([${bucketOf(v.at)}], [toUInt64(1)], interior AND ${v.has})`;
      })} AS buckets
    FROM (SELECT JourneyHash, CheckJudged, CheckViolations, ${interior} AS interior FROM ${journeys.all})`);
  const pass1 = first ?? { edges: [], journeys: [], violations: [], candidates: [], buckets: [] };
  const hashes = [...new Set([...pass1.edges, ...pass1.candidates.flat().map(([, hash]) => hash)])];
  const rest =
    hashes.length === 0
      ? []
      : await driver.query<SummaryRow>(sql`
    SELECT ci, countIf(NOT interior) AS journeys, countIf(NOT interior AND violated) AS violations,
      arrayMap(x -> (toString(-x.1), x.2, x.3, x.4, toString(x.5)),
        groupArraySortedIf(${n(samples)})((-atNs, Journey, Traces, n, gapNs), violated)) AS samples,
      sumMapIf([${bucketOf(sql`atNs`)}], [toUInt64(1)], violated AND NOT interior) AS buckets
    FROM ${storedJudgedRowsSql(link, journeys.byHashes(hashes), checks, range, nowNs)}
    GROUP BY ci`);
  return checks.map((_, ci) => {
    const judged = rest.find((row) => Number(row.ci) === ci);
    return {
      ci,
      journeys: Number(pass1.journeys[ci] ?? 0) + Number(judged?.journeys ?? 0),
      violations: Number(pass1.violations[ci] ?? 0) + Number(judged?.violations ?? 0),
      samples: judged?.samples ?? [],
      buckets: addBuckets(pass1.buckets[ci] ?? [[], []], judged?.buckets ?? [[], []]),
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
  const linkIndex = (link.checks ?? []).indexOf(check);
  if (linkIndex < 0) throw new Error(`check ${check.id} is not a check of the link`);
  const interior = interiorSql(range, nowNs);
  const v = storedViolation(linkIndex);
  const [first] = await driver.query<{
    edges: string[];
    violations: number;
    candidates: [string, string][];
  }>(sql`
    SELECT groupArrayIf(toString(JourneyHash), NOT interior) AS edges, countIf(interior AND ${v.has}) AS violations,
      groupArraySortedIf(${n(limit + CANDIDATE_MARGIN)})((-${v.at}, toString(JourneyHash)), interior AND ${v.has}) AS candidates
    FROM (SELECT JourneyHash, CheckViolations, ${interior} AS interior FROM ${journeys.all})`);
  const hashes = [
    ...new Set([...(first?.edges ?? []), ...(first?.candidates ?? []).map(([, hash]) => hash)]),
  ];
  if (hashes.length === 0) return { total: Number(first?.violations ?? 0), rows: [] };
  const rows = await driver.query<ViolationRow & { interior: number }>(sql`
    SELECT Journey, Traces, toString(atNs) AS atNs, arrayMap(h -> toString(h), hashes) AS hashes, n,
      toString(gapNs) AS gapNs, interior
    FROM ${storedJudgedRowsSql(link, journeys.byHashes(hashes), [check], range, nowNs)}
    WHERE violated
    ORDER BY atNs DESC, Journey`);
  return {
    total: Number(first?.violations ?? 0) + rows.filter((row) => !Number(row.interior)).length,
    rows: rows.slice(0, limit),
  };
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
