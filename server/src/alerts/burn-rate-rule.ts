import type { LinkDefinition } from '../link/definition.ts';
import { sloWindowMs } from '../link/slo-schema.ts';
import { parseRuleDuration } from './duration.ts';

/** What a burnRate rule has that others do not (fields as posted, before defaults). */
interface BurnRateFields {
  step: string;
  op?: string;
  threshold: number;
  window?: string;
  longWindow?: string;
  shortWindow?: string;
  filters: Record<string, string>;
  groupBy: string[];
}

/**
 * Why a burnRate rule is refused, field by field: it needs both windows (short < long, the long
 * one within the SLO's window), a step with an SLO, a positive threshold, and no dimensions (an SLO
 * is the step's as a whole); `op` and `window`, implied, may only say the same.
 */
export function burnRateProblems(
  rule: BurnRateFields,
  link: Pick<LinkDefinition, 'steps'>,
): { path: string[]; message: string }[] {
  const problems: { path: string[]; message: string }[] = [];
  const slo = link.steps.find((step) => step.id === rule.step)?.slo;
  const withSlo = link.steps.filter((step) => step.slo).map((step) => step.id);
  if (!slo)
    problems.push({
      path: ['step'],
      message: `must be a step with an SLO for burnRate (${withSlo.join(', ') || 'none in this link'})`,
    });
  const longMs = rule.longWindow === undefined ? undefined : parseRuleDuration(rule.longWindow);
  const shortMs = rule.shortWindow === undefined ? undefined : parseRuleDuration(rule.shortWindow);
  if (rule.longWindow === undefined)
    problems.push({ path: ['longWindow'], message: 'is required for burnRate' });
  if (rule.shortWindow === undefined)
    problems.push({ path: ['shortWindow'], message: 'is required for burnRate' });
  if (longMs !== undefined && shortMs !== undefined && shortMs >= longMs)
    problems.push({ path: ['shortWindow'], message: 'must be shorter than longWindow' });
  const sloMs = slo ? sloWindowMs(slo.window) : undefined;
  if (longMs !== undefined && sloMs !== undefined && longMs > sloMs)
    problems.push({ path: ['longWindow'], message: `must be within the SLO's window (${slo?.window})` });
  if (rule.window !== undefined && parseRuleDuration(rule.window) !== longMs)
    problems.push({ path: ['window'], message: 'is longWindow for burnRate (leave it out)' });
  if (rule.op !== undefined && rule.op !== '>' && rule.op !== '>=')
    problems.push({ path: ['op'], message: "must be '>' or '>=' for burnRate" });
  if (!(rule.threshold > 0)) problems.push({ path: ['threshold'], message: 'must be above 0 for burnRate' });
  if (Object.keys(rule.filters).length > 0)
    problems.push({ path: ['filters'], message: 'an SLO covers its whole step: no filters for burnRate' });
  if (rule.groupBy.length > 0)
    problems.push({ path: ['groupBy'], message: 'an SLO covers its whole step: no groupBy for burnRate' });
  return problems;
}
