/** One (step, service, downstream peer, channel) group of calls over a time range. */
export interface HotspotGroup {
  step: string;
  service: string;
  peer: string;
  channel: string;
  calls: number;
  timeouts: number;
  p99: number | null;
  timeoutMs: number | null;
}

export interface Hotspot extends HotspotGroup {
  timeoutRate: number;
}

/**
 * Where timeouts cluster: groups with at least one timeout, most timeouts first, then the highest
 * timeout rate, then the most calls; ties broken by the group's names so the order is stable.
 */
export function rankHotspots(groups: readonly HotspotGroup[], limit: number): Hotspot[] {
  return groups
    .filter((group) => group.timeouts > 0 && group.calls > 0)
    .map((group) => ({ ...group, timeoutRate: group.timeouts / group.calls }))
    .sort(
      (a, b) =>
        b.timeouts - a.timeouts ||
        b.timeoutRate - a.timeoutRate ||
        b.calls - a.calls ||
        compareText(a.step, b.step) ||
        compareText(a.service, b.service) ||
        compareText(a.peer, b.peer) ||
        compareText(a.channel, b.channel),
    )
    .slice(0, limit);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
