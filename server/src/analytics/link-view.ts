import { type LinkDefinition, stepTitle } from '../link/definition.ts';

/** The active payment-link definition as the API shows it: every step with its display title. */
export function linkView(link: LinkDefinition) {
  return {
    name: link.name,
    journeyKey: link.journeyKey,
    dimensions: link.dimensions,
    steps: link.steps.map((step) => ({
      id: step.id,
      title: stepTitle(step),
      match: step.match,
      timeoutMs: step.timeoutMs,
      sloP99Ms: step.sloP99Ms,
      slo: step.slo,
    })),
  };
}
