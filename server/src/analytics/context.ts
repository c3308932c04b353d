import type { ClickHouseDriver } from '@paylens/store';
import type { Logger } from 'pino';
import { JourneyStore } from '../journeys/journey-store.ts';
import type { LinkDefinition } from '../link/definition.ts';
import { ensureLinkSpansView, type LinkSpansCoverage, readCoverage } from './link-spans-view.ts';

/**
 * What the analytics services need: the store, the link, and where the link spans table can be
 * trusted. Services are plain functions of (context, query), so the alert evaluator calls the very
 * same code as the API.
 */
export interface AnalyticsContext {
  driver: ClickHouseDriver;
  link: LinkDefinition;
  /** Undefined while (or if) the link spans view is not usable: readers then use otel_traces. */
  coverage(): Promise<LinkSpansCoverage | undefined>;
  /** The journey model: every journey-level reader goes through it. */
  journeys: JourneyStore;
}

/** Re-read the recorded coverage this often, so a process notices another replacing the view. */
const COVERAGE_TTL_MS = 30_000;

const contexts = new WeakMap<ClickHouseDriver, Map<LinkDefinition, AnalyticsContext>>();

/**
 * The analytics context of a store and link, created once per process: the first call makes sure
 * the link spans view classifies with this link (in the background; queries fall back to
 * otel_traces until it is ready or if it fails).
 */
export function analyticsContext(deps: {
  driver: ClickHouseDriver;
  link: LinkDefinition;
  logger?: Pick<Logger, 'warn'>;
  /** ClickHouse cluster (`--cluster`): the view's DDL then runs ON CLUSTER over the local tables. */
  cluster?: string;
}): AnalyticsContext {
  const perLink = contexts.get(deps.driver) ?? new Map<LinkDefinition, AnalyticsContext>();
  contexts.set(deps.driver, perLink);
  const existing = perLink.get(deps.link);
  if (existing) return existing;

  const { driver, link } = deps;
  const warn = (error: unknown) =>
    deps.logger?.warn({ err: error }, 'link spans view unavailable; analytics read otel_traces');
  const ready = ensureLinkSpansView(driver, link, deps.cluster).catch((error: unknown) => {
    warn(error);
    return undefined;
  });
  let cached: { atMs: number; value: Promise<LinkSpansCoverage | undefined> } | undefined;
  const coverage = async () => {
    const covered = await ready;
    if (!covered) return undefined;
    const nowMs = Date.now();
    if (!cached || nowMs - cached.atMs > COVERAGE_TTL_MS) {
      cached = { atMs: nowMs, value: readCoverage(driver, link).catch(() => undefined) };
    }
    return cached.value;
  };
  const context: AnalyticsContext = {
    driver,
    link,
    coverage,
    journeys: new JourneyStore({ driver, link, coverage, logger: deps.logger }),
  };
  perLink.set(link, context);
  return context;
}
