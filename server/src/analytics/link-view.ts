import { checkTitle } from '../link/check-schema.ts';
import { type LinkDefinition, linkChecks, linkTitle, stepTitle } from '../link/definition.ts';
import type { LinkSet } from '../link/link-set.ts';

/** The active payment-link definition as the API shows it: every step with its display title. */
export function linkView(link: LinkDefinition) {
  return {
    name: link.name,
    title: linkTitle(link),
    default: link.default === true,
    value: link.value,
    journeyKey: link.journeyKey,
    dimensions: link.dimensions,
    steps: link.steps.map((step) => ({
      id: step.id,
      title: stepTitle(step),
      match: step.match,
      timeoutMs: step.timeoutMs,
      sloP99Ms: step.sloP99Ms,
      inFunnel: step.inFunnel !== false,
      slo: step.slo,
    })),
    checks: linkChecks(link).map((check) => ({ ...check, title: checkTitle(check) })),
  };
}

/** `GET /links`: every link served, the default one marked. */
export function linksView(set: LinkSet) {
  return {
    links: set.links.map((link) => ({
      name: link.name,
      title: linkTitle(link),
      steps: link.steps.length,
      default: link === set.defaultLink,
    })),
  };
}
