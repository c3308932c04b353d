import { createHash } from 'node:crypto';
import { linkSpansVersion } from '../analytics/link-spans-view.ts';
import { funnelPositions, type LinkDefinition, linkChecks } from '../link/definition.ts';

/** The journey model's format: part of the version journeys are built under. */
export const JOURNEY_FORMAT = 'j3';

/**
 * The version journeys are built and read under: the link's classification (steps, dimensions,
 * journey key), the funnel's stages when some steps are not stages (the funnel rollup is counted by
 * stage), its checks' rules (each row keeps their spans and verdicts), its value attributes and the
 * model's format. A change of any builds every journey again.
 */
export function journeyVersion(
  link: Pick<LinkDefinition, 'steps' | 'dimensions' | 'journeyKey' | 'value' | 'checks'>,
): string {
  const positions = funnelPositions(link);
  const stages = positions.length < link.steps.length ? `/f${positions.join('.')}` : '';
  // Rows keep the checks' spans and verdicts: their rules (not titles or severities) are part of it.
  const rules = linkChecks(link).map(({ id: _id, title: _title, severity: _severity, ...rule }) => rule);
  const checks = rules.length > 0 ? `/c${digest(rules)}` : '';
  const base = `${linkSpansVersion(link)}${stages}${checks}/${JOURNEY_FORMAT}`;
  // What a journey is worth is part of its row: a link that names a value builds its own rows.
  if (!link.value) return base;
  const { attribute, currencyAttribute = '', currency = '' } = link.value;
  return `${base}/v${digest([attribute, currencyAttribute, currency])}`;
}

/** A short digest of a JSON value: 8 hex digits of its SHA-256. */
function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 8);
}
