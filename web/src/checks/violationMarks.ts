/** A journey's violations as the API sends them: a check and its offending spans. */
export interface JourneyViolation {
  check: string;
  spanIds: readonly string[];
}

/** spanId → the checks it offends (in the order the journey lists them), for marking rows. */
export function violationsBySpan(violations: readonly JourneyViolation[] | undefined): Map<string, string[]> {
  const bySpan = new Map<string, string[]>();
  for (const { check, spanIds } of violations ?? []) {
    for (const spanId of spanIds) {
      const list = bySpan.get(spanId);
      if (!list) bySpan.set(spanId, [check]);
      else if (!list.includes(check)) list.push(check);
    }
  }
  return bySpan;
}

/** The newest-first order of violations and which checks have any: the Overview's strip. */
export function checksWithViolations<C extends { violations: number }>(checks: readonly C[]): C[] {
  return checks.filter((check) => check.violations > 0);
}
