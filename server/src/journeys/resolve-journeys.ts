/** What the journey model needs to know of a trace. */
export interface TraceFacts {
  traceId: string;
  /** The journey key found on its spans ('' when none). */
  spanKey: string;
  /** The journey key found on a log record correlated to it ('' when none). */
  logKey: string;
  /** The trace one of its spans links to ('' when none; the smallest TraceId when several). */
  linked: string;
}

export interface TraceJourney {
  traceId: string;
  journey: string;
  via: 'key' | 'link' | 'trace';
  /** The trace it links to, when it has no key of its own. */
  linkedTo: string;
}

/** How deep span links are followed: a consumer → its producer → that producer's producer. */
export const LINK_HOPS = 3;

/**
 * DESIGN.md's journey of a trace: its own key (spans first, then correlated logs); else, when it
 * links to another trace, that trace's journey, followed up to LINK_HOPS deep; else itself, named
 * by its TraceId — or by the last key-less trace reached through links, so a consumer joins its
 * key-less producer's journey. `facts` must hold every trace reached (the caller reads them hop
 * by hop); a trace missing from it counts as key-less and unlinked. The SQL twin is
 * trace-journeys-sql.ts.
 */
export function resolveJourney(traceId: string, facts: ReadonlyMap<string, TraceFacts>): TraceJourney {
  const keyOf = (id: string) => {
    const f = facts.get(id);
    return f ? f.spanKey || f.logKey : '';
  };
  const own = keyOf(traceId);
  if (own) return { traceId, journey: own, via: 'key', linkedTo: '' };
  const linkedTo = facts.get(traceId)?.linked ?? '';
  let current = traceId;
  for (let hop = 0; hop < LINK_HOPS; hop++) {
    const next = facts.get(current)?.linked ?? '';
    if (!next) break;
    current = next;
    const key = keyOf(current);
    if (key) return { traceId, journey: key, via: 'link', linkedTo };
  }
  return { traceId, journey: current, via: linkedTo ? 'link' : 'trace', linkedTo };
}

/** The traces `resolveJourney` will look at next: key-less traces' link targets not read yet. */
export function unreadLinks(traceIds: readonly string[], facts: ReadonlyMap<string, TraceFacts>): string[] {
  const wanted = new Set<string>();
  for (const traceId of traceIds) {
    let current = traceId;
    for (let hop = 0; hop < LINK_HOPS; hop++) {
      const f = facts.get(current);
      if (!f || f.spanKey || f.logKey || !f.linked) break;
      if (!facts.has(f.linked)) {
        wanted.add(f.linked);
        break;
      }
      current = f.linked;
    }
  }
  return [...wanted];
}
