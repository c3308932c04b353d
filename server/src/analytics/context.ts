import type { ClickHouseDriver } from '@paylens/store';
import type { Logger } from 'pino';
import { JourneyStore } from '../journeys/journey-store.ts';
import type { LinkDefinition } from '../link/definition.ts';
import { parseLinkParam } from '../link/link-param.ts';
import { type LinkSet, singleLinkSet } from '../link/link-set.ts';
import {
  ensureLinkSpansView,
  type LinkSpansCoverage,
  linkSpansVersion,
  readCoverage,
} from './link-spans-view.ts';

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

/** What a context is made from: the process's store and links (AppDeps has all of it). */
export interface ContextDeps {
  driver: ClickHouseDriver;
  /** The default link (and the only one when `links` is absent). */
  link: LinkDefinition;
  /** Every link this paylens serves; one view classifies for all of them. */
  links?: LinkSet;
  logger?: Pick<Logger, 'warn'>;
  /** ClickHouse cluster (`--cluster`): the view's DDL then runs ON CLUSTER over the local tables. */
  cluster?: string;
}

/** Re-read the recorded coverage this often, so a process notices another replacing the view. */
const COVERAGE_TTL_MS = 30_000;

interface PerDriver {
  /** The links the view was last made to classify for, by version (it only grows in a process). */
  versions: Set<string>;
  links: LinkDefinition[];
  view: Promise<Map<string, LinkSpansCoverage> | undefined>;
  contexts: Map<LinkDefinition, AnalyticsContext>;
}

const perDriver = new WeakMap<ClickHouseDriver, PerDriver>();

/**
 * Makes the one link spans view classify for these links too. Within a process the set only
 * grows: a caller naming one link (a test, a tool) never takes the others out of the view.
 */
function ensureView(deps: ContextDeps, members: readonly LinkDefinition[]): PerDriver {
  const state = perDriver.get(deps.driver) ?? {
    versions: new Set<string>(),
    links: [],
    view: Promise.resolve(undefined),
    contexts: new Map(),
  };
  perDriver.set(deps.driver, state);
  const missing = members.filter((link) => !state.versions.has(linkSpansVersion(link)));
  if (missing.length === 0) return state;
  for (const link of missing) state.versions.add(linkSpansVersion(link));
  state.links = [...state.links, ...missing];
  const links = state.links;
  // One change of the view at a time, in order.
  state.view = state.view.then(() =>
    ensureLinkSpansView(deps.driver, links, deps.cluster).catch((error: unknown) => {
      deps.logger?.warn({ err: error }, 'link spans view unavailable; analytics read otel_traces');
      return undefined;
    }),
  );
  return state;
}

/** The links of the deps: the set, or the one link. */
export function linksOf(deps: Pick<ContextDeps, 'link' | 'links'>): LinkSet {
  return deps.links ?? singleLinkSet(deps.link);
}

/**
 * The context of the link a request names (`link=NAME`; the default link when absent; a 400 naming
 * `link` when unknown). Route handlers get their context with this one line.
 */
export function contextFor(deps: ContextDeps, query: Record<string, unknown>): AnalyticsContext {
  return analyticsContext(deps, parseLinkParam(query, linksOf(deps)));
}

/**
 * The analytics context of a store and link (the default link unless one is given), created once
 * per process: the first call makes sure the one link spans view classifies for every link of the
 * set (in the background; queries fall back to otel_traces until it is ready or if it fails).
 */
export function analyticsContext(deps: ContextDeps, link: LinkDefinition = deps.link): AnalyticsContext {
  const existing = perDriver.get(deps.driver)?.contexts.get(link);
  if (existing) return existing;
  const { driver } = deps;
  const state = ensureView(deps, [...linksOf(deps).links, link]);
  const view = state.view;
  let cached: { atMs: number; value: Promise<LinkSpansCoverage | undefined> } | undefined;
  const coverage = async () => {
    const covered = await view;
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
  state.contexts.set(link, context);
  return context;
}
