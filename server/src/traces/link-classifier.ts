import { classifyOutcome } from '../analysis/outcome.ts';
import type { SpanClassifier } from '../analysis/waterfall/render-spans.ts';
import type { LinkDefinition } from '../link/definition.ts';
import { classifyStep } from '../link/match.ts';

/** The link's step matching and the one timeout definition, as the waterfall needs them. */
export function linkClassifier(link: LinkDefinition): SpanClassifier {
  const budgets = new Map(link.steps.map((step) => [step.id, step.timeoutMs]));
  return (span) => {
    const step =
      classifyStep(
        {
          serviceName: span.service,
          spanName: span.name,
          spanKind: span.kind,
          attributes: span.attributes,
          resourceAttributes: span.resource,
        },
        link,
      ) ?? null;
    const outcome = classifyOutcome(
      {
        statusCode: span.statusCode,
        durationNs: span.durationNs,
        attributes: span.attributes,
        events: span.events,
      },
      step === null ? undefined : budgets.get(step),
    );
    return { step, timeout: outcome.timeout };
  };
}
