import { type LinkDefinition, type StepDefinition, stepTitle } from '../link/definition.ts';
import { type SloDefinition, sloWindowMs } from '../link/slo-schema.ts';

/** A step's SLO with its window in milliseconds. */
export interface StepSlo extends SloDefinition {
  step: string;
  title: string;
  windowMs: number;
}

/** The link's steps that carry an SLO, in link order. */
export function stepSlos(link: Pick<LinkDefinition, 'steps'>): StepSlo[] {
  return link.steps.flatMap((step: StepDefinition) =>
    step.slo
      ? [
          {
            ...step.slo,
            step: step.id,
            title: stepTitle(step),
            windowMs: sloWindowMs(step.slo.window) ?? 0,
          },
        ]
      : [],
  );
}

/** The latency bound of a good span in whole nanoseconds (a duration in ns is good when ≤ it). */
export function latencyBoundNs(latencyMs: number | undefined): bigint | undefined {
  return latencyMs === undefined ? undefined : BigInt(Math.floor(latencyMs * 1e6));
}
