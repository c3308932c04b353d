import type { ClickHouseDriver } from '@paylens/store';
import { isoFromNanos, nanosToMs } from '../analysis/waterfall/nanos.ts';
import type { LinkDefinition } from '../link/definition.ts';
import type { TraceSearch } from './search-params.ts';
import { coveringWindow } from './time-window.ts';
import { readTraceSteps, searchTraceSummaries } from './trace-search-reader.ts';

export interface TraceListItem {
  traceId: string;
  startTime: string;
  durationMs: number;
  rootService: string;
  rootName: string;
  status: 'ok' | 'error';
  spanCount: number;
  /** Steps of the link the trace has spans of, in link order. */
  steps: string[];
  /** Extension: spans with status Error. */
  errorCount: number;
}

/** `GET /traces`: the newest traces matching the filters, with the steps each one went through. */
export async function searchTraces(
  driver: ClickHouseDriver,
  link: LinkDefinition,
  search: TraceSearch,
  /** With `search.key`: the journey's traces (from the journey model). */
  keyTraces?: readonly string[],
): Promise<{ traces: TraceListItem[] }> {
  const summaries = await searchTraceSummaries(driver, link, search, keyTraces);
  const window = coveringWindow(summaries);
  const steps = window ? await readTraceSteps(driver, link, summaries, window) : new Map<string, string[]>();
  const linkOrder = link.steps.map((step) => step.id);
  return {
    traces: summaries.map((summary) => {
      const present = new Set(steps.get(summary.traceId) ?? []);
      return {
        traceId: summary.traceId,
        startTime: isoFromNanos(summary.fromNs),
        durationMs: nanosToMs(Number(summary.toNs - summary.fromNs)),
        rootService: summary.rootService,
        rootName: summary.rootName,
        status: summary.errorCount > 0 ? 'error' : 'ok',
        spanCount: summary.spanCount,
        steps: linkOrder.filter((step) => present.has(step)),
        errorCount: summary.errorCount,
      };
    }),
  };
}
