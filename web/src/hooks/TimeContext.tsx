import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { readRefreshMs } from '../url/refresh.ts';
import { type RangeSpec, type ResolvedRange, readRange, resolveRange } from '../url/timeRange.ts';

interface TimeState {
  spec: RangeSpec;
  range: ResolvedRange;
  /** Changes on every refresh (manual or automatic): part of every request key. */
  tick: number;
  refreshNow: () => void;
}

const TimeContext = createContext<TimeState | null>(null);

/** Holds "now" for relative ranges, advanced by auto-refresh, the refresh button or a new range. */
export function TimeProvider({ children }: { children: ReactNode }) {
  const [params] = useSearchParams();
  const spec = readRange(params);
  const specKey = spec.kind === 'custom' ? `${spec.fromMs}-${spec.toMs}` : spec.id;
  const refreshMs = readRefreshMs(params);
  const [clock, setClock] = useState(() => ({ nowMs: Date.now(), tick: 0 }));
  const refreshNow = useCallback(() => setClock((c) => ({ nowMs: Date.now(), tick: c.tick + 1 })), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new range must re-read the clock
  useEffect(() => refreshNow(), [specKey, refreshNow]);
  useEffect(() => {
    if (refreshMs <= 0) return;
    const timer = setInterval(refreshNow, refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs, refreshNow]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: specKey identifies spec
  const value = useMemo<TimeState>(
    () => ({ spec, range: resolveRange(spec, clock.nowMs), tick: clock.tick, refreshNow }),
    [specKey, clock, refreshNow],
  );
  return <TimeContext.Provider value={value}>{children}</TimeContext.Provider>;
}

export function useTime(): TimeState {
  const state = useContext(TimeContext);
  if (!state) throw new Error('useTime outside TimeProvider');
  return state;
}

/** A cache key for a range-dependent request. */
export function rangeKey(time: TimeState): string {
  return `${time.range.fromMs}-${time.range.toMs}-${time.tick}`;
}
