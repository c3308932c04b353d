import { entryAttributes, httpServer, type PlanContext, type TraceDraft } from './plan-draft.ts';
import type { Attributes, PlannedSpan } from './plan-types.ts';
import { sample } from './traffic-model.ts';

/**
 * The API gateway's server span at the top of a trace: the entry span. It is not a step of the
 * link; it is the one span of its trace that names the order (the journey key), as a gateway or
 * BFF does when it routes a request by the order in its path or body.
 */
export function openEntry(
  ctx: PlanContext,
  draft: TraceDraft,
  ref: string,
  route: string,
  startMs: number,
  extra: Attributes = {},
): PlannedSpan {
  return draft.span({
    ref,
    service: 'api-gateway',
    name: `POST ${route}`,
    kind: 'server',
    startMs,
    endMs: startMs,
    status: 'unset',
    attributes: { ...entryAttributes(ctx), ...extra, 'http.route': route },
  });
}

/** When the gateway has forwarded the request: where its upstream span starts. */
export function forwardAt(ctx: PlanContext, entry: PlannedSpan): number {
  return entry.startMs + sample(ctx.r, ctx.model.edgeHop);
}

/** The gateway answers with its upstream's HTTP status, a moment after the upstream answered. */
export function closeEntry(ctx: PlanContext, entry: PlannedSpan, upstream: PlannedSpan, path: string): void {
  const status = Number(upstream.attributes['http.response.status_code'] ?? 200);
  entry.endMs = upstream.endMs + sample(ctx.r, ctx.model.edgeHop);
  entry.attributes = {
    ...entry.attributes,
    ...httpServer(String(entry.attributes['http.route']), path, status),
  };
  if (upstream.status === 'error' && status >= 500) {
    entry.status = 'error';
    entry.statusMessage = upstream.statusMessage;
  }
}
