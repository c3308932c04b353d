import { linkSpansVersion } from '../analytics/link-spans-view.ts';
import { funnelPositions, type LinkDefinition } from '../link/definition.ts';

/** The journey model's format: part of the version journeys are built under. */
export const JOURNEY_FORMAT = 'j2';

/**
 * The version journeys are built and read under: the link's classification (steps, dimensions,
 * journey key), the funnel's stages when some steps are not stages (the funnel rollup is counted by
 * stage) and the model's format. A change of any builds every journey again.
 */
export function journeyVersion(link: Pick<LinkDefinition, 'steps' | 'dimensions' | 'journeyKey'>): string {
  const positions = funnelPositions(link);
  const stages = positions.length < link.steps.length ? `/f${positions.join('.')}` : '';
  return `${linkSpansVersion(link)}${stages}/${JOURNEY_FORMAT}`;
}
