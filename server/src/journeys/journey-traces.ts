import { type ClickHouseDriver, sql } from '@paylens/store';

/** How a trace is part of a journey: its own key, a span link to a trace of it, or it is the journey. */
export type TraceVia = 'key' | 'link' | 'trace';

export interface JourneyTraceRef {
  traceId: string;
  via: TraceVia;
  /** The trace it links to, when it joined through a span link. */
  linkedFrom?: string;
}

/** The traces of a built journey, with how each joined it; empty when the journey is not built. */
export async function readBuiltJourneyTraces(
  driver: ClickHouseDriver,
  version: string,
  journey: string,
): Promise<JourneyTraceRef[]> {
  const [row] = await driver.query<{ Traces: string[] }>(sql`
    SELECT Traces FROM paylens_journeys FINAL
    WHERE LinkVersion = ${version} AND JourneyHash = cityHash64(${journey}) AND Journey = ${journey}`);
  if (!row) return [];
  const resolved = await driver.query<{
    TraceId: string;
    Journey: string;
    Via: TraceVia;
    LinkedTo: string;
  }>(sql`
    SELECT TraceId, argMax(Journey, Version) AS Journey, argMax(Via, Version) AS Via, argMax(LinkedTo, Version) AS LinkedTo
    FROM paylens_trace_journeys
    WHERE LinkVersion = ${version} AND TraceId IN ${row.Traces}
    GROUP BY TraceId`);
  const byTrace = new Map(resolved.map((r) => [r.TraceId, r]));
  return [...row.Traces].sort().map((traceId) => {
    const r = byTrace.get(traceId);
    // A trace in another journey contributes the spans carrying this journey's key.
    if (!r || r.Journey !== journey || r.Via === 'key') return { traceId, via: 'key' };
    return r.Via === 'link' ? { traceId, via: 'link', linkedFrom: r.LinkedTo } : { traceId, via: 'trace' };
  });
}
