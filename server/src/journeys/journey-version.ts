import { linkSpansVersion } from '../analytics/link-spans-view.ts';
import type { LinkDefinition } from '../link/definition.ts';

/** The journey model's format: part of the version journeys are built under. */
export const JOURNEY_FORMAT = 'j2';

/**
 * The version journeys are built and read under: the link's classification (steps, dimensions,
 * journey key) and the model's format. A change of either builds every journey again.
 */
export function journeyVersion(link: Pick<LinkDefinition, 'steps' | 'dimensions' | 'journeyKey'>): string {
  return `${linkSpansVersion(link)}/${JOURNEY_FORMAT}`;
}
