/**
 * The SQL of each Grafana panel, over the tables paylens keeps: `paylens_link_spans` (one narrow row
 * per span classified as a step, with its error/timeout outcome, peer, channel and journey key —
 * the same rows paylens' API reads) and `paylens_trace_summary`. Written for the Grafana ClickHouse
 * data source (grafana-clickhouse-datasource): its macros ($__timeFilter, $__timeInterval…) and
 * the dashboard's `channel` variable. Only the step order, titles and budgets come from the link.
 */
import { CHANNEL_ATTRIBUTE as CHANNEL_DIMENSION } from '../../server/src/analytics/link-spans-sql.ts';
import { linkSpansVersion } from '../../server/src/analytics/link-spans-view.ts';
import { journeyVersion } from '../../server/src/journeys/journey-version.ts';
import { funnelSteps, type LinkDefinition, stepTitle } from '../../server/src/link/definition.ts';

type Link = Pick<LinkDefinition, 'steps' | 'dimensions' | 'journeyKey'>;
/** The funnel also needs what names the journey store's rows: the link's classification and dimensions. */
type FunnelLink = Pick<LinkDefinition, 'steps' | 'dimensions' | 'journeyKey'>;

/** A ClickHouse string literal. Link values are configuration, but still escaped. */
export function literal(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function list(values: readonly string[]): string {
  return `[${values.map(literal).join(', ')}]`;
}

/**
 * Nearest-rank levels (the value at rank ⌈q·n⌉): quantileExact(q) picks position ⌊q·n⌋, one rank
 * too high when q·n is whole; q − 10⁻¹² lands on ⌈q·n⌉ − 1 for any n below 10⁹, as paylens' API does.
 */
const LEVEL_NUDGE = 1e-12;
const QUANTILE_LEVELS = [0.5, 0.9, 0.95, 0.99, 0.999] as const;
export const QUANTILE_COLUMNS = ['p50_ms', 'p90_ms', 'p95_ms', 'p99_ms', 'p999_ms'] as const;

function nearestRank(levels: readonly number[]): string {
  return levels.map((level) => String(level - LEVEL_NUDGE)).join(', ');
}

/** The `channel` variable's value for All, inserted as is (Grafana does not format custom all values). */
export const ALL_CHANNELS = "'__all'";
/** Spans of the selected channels. */
export const CHANNEL_FILTER = `(${ALL_CHANNELS} IN (\${channel:singlequote}) OR Channel IN (\${channel:singlequote}))`;

/** The link's rows of the link spans table (one view classifies for every link, tagged by version). */
export function linkRowsFilter(link: Link): string {
  return `Link = ${literal(linkSpansVersion(link))}`;
}

function linkSpansInRange(link: Link): string {
  return `FROM paylens_link_spans
WHERE ${linkRowsFilter(link)} AND $__timeFilter(Timestamp) AND Step != '' AND ${CHANNEL_FILTER}`;
}

function stepIds(link: Link): string[] {
  return link.steps.map((step) => step.id);
}

function stepOrder(link: Link, column: string): string {
  return `indexOf(${list(stepIds(link))}, ${column})`;
}

function stepTitleOf(link: Link, column: string): string {
  return `transform(${column}, ${list(stepIds(link))}, ${list(link.steps.map(stepTitle))}, ${column})`;
}

/** The step's configured budget in ms, NULL when it has none. */
function stepBudgetMs(link: Link, column: string): string {
  const budgets = link.steps.map((step) => (step.timeoutMs ?? 0).toFixed(3));
  return `nullIf(transform(${column}, ${list(stepIds(link))}, [${budgets.join(', ')}], 0.), 0.)`;
}

/** Per step: calls, errors, timeouts, nearest-rank percentiles, max and budget, in link order. */
export function stepLatencySql(link: Link): string {
  const percentiles = QUANTILE_COLUMNS.map((name, i) => `q[${i + 1}] / 1e6 AS ${name}`).join(', ');
  return `SELECT step, ${stepTitleOf(link, 'step')} AS title, calls, errors, timeouts,
  timeouts / calls AS timeout_rate, ${percentiles},
  max_ns / 1e6 AS max_ms, ${stepBudgetMs(link, 'step')} AS budget_ms
FROM (
  SELECT Step AS step, count() AS calls, countIf(Error = 1) AS errors, countIf(Timeout = 1) AS timeouts,
    quantilesExact(${nearestRank(QUANTILE_LEVELS)})(Duration) AS q, max(Duration) AS max_ns
  ${linkSpansInRange(link)}
  GROUP BY Step
)
ORDER BY ${stepOrder(link, 'step')}, step`;
}

/** p99 per step over time, one series per step. */
export function stepP99SeriesSql(link: Link): string {
  return `SELECT $__timeInterval(Timestamp) AS time, Step AS step,
  quantileExact(${nearestRank([0.99])})(Duration) / 1e6 AS p99_ms
${linkSpansInRange(link)}
GROUP BY time, step
ORDER BY time, step`;
}

/** Where timeouts cluster: step × service × downstream peer × channel, most timeouts first. */
export function timeoutHotspotsSql(link: Link): string {
  return `SELECT step, service, peer, channel, calls, timeouts, timeouts / calls AS timeout_rate,
  p99_ms, ${stepBudgetMs(link, 'step')} AS budget_ms
FROM (
  SELECT Step AS step, ServiceName AS service, Peer AS peer, Channel AS channel, count() AS calls,
    countIf(Timeout = 1) AS timeouts, quantileExact(${nearestRank([0.99])})(Duration) / 1e6 AS p99_ms
  ${linkSpansInRange(link)}
  GROUP BY Step, ServiceName, Peer, Channel
)
WHERE timeouts > 0
ORDER BY timeouts DESC, timeout_rate DESC, step, service, peer, channel
LIMIT 50`;
}

/** A journey's channel: its value of the channel dimension ('' when the link has none). */
function journeyChannel(link: FunnelLink): string {
  const position = link.dimensions.indexOf(CHANNEL_DIMENSION) + 1;
  return position > 0 ? `Dims[${position}]` : "''";
}

/**
 * The funnel over paylens' journey store (`paylens_journeys`, one row per journey, kept by the
 * paylens server: the same rows its API reads), journeys that started in the range. Per step in
 * link order: journeys that entered it, succeeded there (one span neither an error nor a timeout),
 * failed, and dropped (succeeded at the previous step, never entered this one), with conversion
 * from the first step and from the previous one.
 */
export function funnelSql(link: FunnelLink): string {
  // The funnel's stages (inFunnel: false steps are none), with their bits in the journey rows
  // (link order) and the bit of the stage before each.
  const stages = funnelSteps(link).map((step) => step.id);
  const all = stepIds(link);
  const bits = stages.map((id) => String(all.indexOf(id)));
  const previousBits = stages.map((_, i) => String(all.indexOf(stages[Math.max(i - 1, 0)]!)));
  const positions = stages.map((_, i) => String(i + 1));
  return `WITH counts AS (
  SELECT position, step, countIf(bitTest(Entered, bit)) AS entered,
    countIf(bitTest(Succeeded, bit)) AS succeeded,
    countIf(bitTest(Entered, bit) AND NOT bitTest(Succeeded, bit)) AS failed,
    countIf(position > 1 AND bitTest(Succeeded, previous_bit) AND NOT bitTest(Entered, bit)) AS dropped,
    countIf(position > 1 AND bitTest(Succeeded, previous_bit)) AS previous_succeeded
  FROM (
    SELECT Entered, Succeeded, ${journeyChannel(link)} AS Channel FROM paylens_journeys FINAL
    WHERE LinkVersion = ${literal(journeyVersion(link))} AND $__timeFilter(Start)
  )
  ARRAY JOIN ${list(stages)} AS step, [${positions.join(', ')}] AS position, [${bits.join(', ')}] AS bit,
    [${previousBits.join(', ')}] AS previous_bit
  WHERE ${CHANNEL_FILTER}
  GROUP BY position, step
)
SELECT position, step, ${stepTitleOf(link, 'step')} AS title, entered, succeeded, failed, dropped,
  succeeded / nullIf(max(if(position = 1, entered, 0)) OVER (), 0) AS conversion_from_start,
  succeeded / nullIf(if(position = 1, entered, previous_succeeded), 0) AS conversion_from_previous
FROM counts
ORDER BY position`;
}

/**
 * Why journeys fail: the most frequent failure messages per step over the journeys that started
 * in the range (paylens_journeys), with their failing spans (retries included) and journeys.
 */
export function topFailuresSql(link: FunnelLink): string {
  const ids = stepIds(link);
  return `SELECT ${list(ids)}[f.1 + 1] AS step, f.2 AS message, count() AS spans, uniqExact(JourneyHash) AS journeys
FROM (
  SELECT JourneyHash, Failures, ${journeyChannel(link)} AS Channel FROM paylens_journeys FINAL
  WHERE LinkVersion = ${literal(journeyVersion(link))} AND $__timeFilter(Start)
)
ARRAY JOIN Failures AS f
WHERE ${CHANNEL_FILTER}
GROUP BY step, message
ORDER BY spans DESC, ${stepOrder(link, 'step')}, message
LIMIT 20`;
}

/**
 * The slowest traces that started in the range (trace id links to paylens' waterfall), each with
 * its journey as paylens resolved it (its own key, a linked trace's, or itself). Summary rows of
 * one trace may sit in unmerged parts: grouped by TraceId, filtered on the trace's first start.
 */
export function slowestTracesSql(link: FunnelLink): string {
  return `SELECT trace_id, start, duration_ms, root_service, root_name, spans, errors,
  if(j.journey != '', j.journey, t.key) AS journey
FROM (
  SELECT TraceId AS trace_id, min(Start) AS start,
    (toUnixTimestamp64Nano(max(End)) - toUnixTimestamp64Nano(min(Start))) / 1e6 AS duration_ms,
    max(RootService) AS root_service, max(RootName) AS root_name, sum(SpanCount) AS spans,
    sum(ErrorCount) AS errors, max(JourneyKey) AS key
  FROM paylens_trace_summary
  WHERE Start >= $__fromTime AND Start <= $__toTime + INTERVAL 1 HOUR
  GROUP BY TraceId
  HAVING start >= $__fromTime AND start <= $__toTime
  ORDER BY duration_ms DESC, trace_id
  LIMIT 100
) AS t
LEFT JOIN (
  SELECT TraceId, argMax(Journey, Version) AS journey FROM paylens_trace_journeys
  WHERE LinkVersion = ${literal(journeyVersion(link))}
  GROUP BY TraceId
) AS j ON j.TraceId = t.trace_id
ORDER BY duration_ms DESC, trace_id`;
}
