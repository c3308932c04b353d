import { carryOver } from '../url/filters.ts';

/** The trace search showing a step's failures (same time range and filters as the funnel). */
export function failuresSearch(current: URLSearchParams, step: string): string {
  const params = carryOver(current);
  params.set('step', step);
  params.set('status', 'error');
  return `/traces?${params}`;
}

/**
 * The search listing the journeys that dropped off before `step`: those that succeeded at the
 * previous step and never entered this one (stuck after it, with no grace period).
 */
export function dropOffsSearch(current: URLSearchParams, previousStep: string, step: string): string {
  const params = carryOver(current);
  params.set('droppedAfter', previousStep);
  params.set('droppedBefore', step);
  return `/traces?${params}`;
}
