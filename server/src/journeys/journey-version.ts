import { createHash } from 'node:crypto';
import { linkSpansVersion } from '../analytics/link-spans-view.ts';
import { checkStepIndexes, funnelPositions, type LinkDefinition } from '../link/definition.ts';

/** The journey model's format: part of the version journeys are built under. */
export const JOURNEY_FORMAT = 'j3';

/**
 * The version journeys are built and read under: the link's classification (steps, dimensions,
 * journey key), the funnel's stages when some steps are not stages (the funnel rollup is counted by
 * stage), the steps its checks read (each row keeps their spans), its value attributes and the
 * model's format. A change of any builds every journey again.
 */
export function journeyVersion(
  link: Pick<LinkDefinition, 'steps' | 'dimensions' | 'journeyKey' | 'value' | 'checks'>,
): string {
  const positions = funnelPositions(link);
  const stages = positions.length < link.steps.length ? `/f${positions.join('.')}` : '';
  const checked = checkStepIndexes(link);
  const checks = checked.length > 0 ? `/c${checked.join('.')}` : '';
  const base = `${linkSpansVersion(link)}${stages}${checks}/${JOURNEY_FORMAT}`;
  // What a journey is worth is part of its row: a link that names a value builds its own rows.
  if (!link.value) return base;
  const { attribute, currencyAttribute = '', currency = '' } = link.value;
  const digest = createHash('sha256')
    .update(JSON.stringify([attribute, currencyAttribute, currency]))
    .digest('hex');
  return `${base}/v${digest.slice(0, 8)}`;
}
