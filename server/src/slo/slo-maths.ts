/**
 * SLO arithmetic (DESIGN.md "SLOs and burn-rate alerts"), pure. Counts are exact span counts; a
 * ratio over no spans is null ("no data"), never 0 or NaN.
 */
export interface GoodTotal {
  total: number;
  good: number;
}

/** The error budget: the fraction of spans allowed to be bad, 1 − objective/100. */
export function errorBudget(objectivePercent: number): number {
  return 1 - objectivePercent / 100;
}

/** SLI: good ÷ total. */
export function sli({ total, good }: GoodTotal): number | null {
  return total === 0 ? null : good / total;
}

/** How fast the budget burns over a window: (bad ÷ total) ÷ budget; 1 spends it exactly over the SLO window. */
export function burnRate({ total, good }: GoodTotal, objectivePercent: number): number | null {
  return total === 0 ? null : (total - good) / total / errorBudget(objectivePercent);
}

/** What is left of the budget over the SLO window: 1 − burn rate (negative once overspent). */
export function budgetRemaining(counts: GoodTotal, objectivePercent: number): number | null {
  const rate = burnRate(counts, objectivePercent);
  return rate === null ? null : 1 - rate;
}
