import type { CheckDefinition } from '../link/check-schema.ts';

/** A step span of a journey as a check sees it. */
export interface CheckSpan {
  spanId: string;
  step: string;
  startNs: bigint;
  endNs: bigint;
  /** Neither error nor timeout. */
  ok: boolean;
}

/** What the rule found; `detail` is worded from `count` and `gapNs` (violation-detail.ts). */
export interface Violation {
  atNs: bigint;
  /** The offending spans, sorted. */
  spanIds: string[];
  /** Spans that make the violation (successful spans, attempts, unfollowed spans…). */
  count: number;
  /** notAfter: from the `after` span's end to the violating start; requires: from `step` to the first `requires` (0 when there is none). */
  gapNs: bigint;
}

export interface Judgement {
  /** The journey has a span of the check's step: it is one of the check's `journeys`. */
  judged: boolean;
  violation?: Violation;
}

const byStart = (a: CheckSpan, b: CheckSpan) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0);
const ids = (spans: readonly CheckSpan[]) => spans.map((span) => span.spanId).sort();
/** The least of some instants (bigint: Math.min does not take them). */
function minOf(values: readonly bigint[]): bigint {
  let least = values[0]!;
  for (const value of values) if (value < least) least = value;
  return least;
}

/**
 * DESIGN.md "Consistency checks", one journey at a time, over its spans in the range: the rule in
 * TypeScript. check-sql.ts is the same rule as array functions; tests hold the two together.
 * `nowNs` matters to followedBy only: a span is judged once its window has passed.
 */
export function judgeJourney(check: CheckDefinition, spans: readonly CheckSpan[], nowNs: bigint): Judgement {
  const sorted = [...spans].sort(byStart);
  const of = (step: string) => sorted.filter((span) => span.step === step);
  const own = of(check.step);
  if (own.length === 0) return { judged: false };
  const violation = find(check, own, of, nowNs);
  return violation ? { judged: true, violation } : { judged: true };
}

function find(
  check: CheckDefinition,
  own: readonly CheckSpan[],
  of: (step: string) => CheckSpan[],
  nowNs: bigint,
): Violation | undefined {
  switch (check.kind) {
    case 'atMostOnce': {
      const ok = own.filter((span) => span.ok);
      if (ok.length < 2) return undefined;
      return { atNs: ok[1]!.startNs, spanIds: ids(ok), count: ok.length, gapNs: 0n };
    }
    case 'maxAttempts': {
      if (own.length <= check.max) return undefined;
      return { atNs: own[check.max]!.startNs, spanIds: ids(own), count: own.length, gapNs: 0n };
    }
    case 'notAfter': {
      const done = of(check.after).filter((span) => span.ok);
      if (done.length === 0) return undefined;
      const endNs = minOf(done.map((span) => span.endNs));
      const late = own.filter((span) => span.startNs > endNs);
      if (late.length === 0) return undefined;
      const atNs = late[0]!.startNs;
      const before = done.filter((span) => span.endNs < atNs);
      return { atNs, spanIds: ids([...late, ...before]), count: late.length, gapNs: atNs - endNs };
    }
    case 'requires': {
      const firstNs = own[0]!.startNs;
      const required = of(check.requires);
      if (required.length > 0 && required[0]!.startNs <= firstNs) return undefined;
      const first = own.filter((span) => span.startNs === firstNs);
      const gapNs = required.length > 0 ? required[0]!.startNs - firstNs : 0n;
      return { atNs: firstNs, spanIds: ids(first), count: required.length, gapNs };
    }
    case 'followedBy': {
      const withinNs = BigInt(check.withinMs) * 1_000_000n;
      const then = of(check.then).filter((span) => span.ok);
      const unfollowed = own.filter(
        (span) =>
          span.ok &&
          span.endNs + withinNs <= nowNs &&
          !then.some((next) => next.startNs >= span.startNs && next.startNs <= span.endNs + withinNs),
      );
      if (unfollowed.length === 0) return undefined;
      const atNs = minOf(unfollowed.map((span) => span.endNs + withinNs));
      return { atNs, spanIds: ids(unfollowed), count: unfollowed.length, gapNs: 0n };
    }
  }
}
