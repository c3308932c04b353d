import { useCallback, useMemo, useRef, useState } from 'react';
import type { TraceView } from '../../api/schemas/traces.ts';
import { appendPage, fetchTraceView, type TraceViewKind } from '../../api/traceView.ts';
import { useApi } from '../../hooks/useApi.ts';
import { buildWaterfallModel } from '../../waterfall/model.ts';

/** The API's largest page; later pages are fetched on request ("load more"), never all at once by default. */
const PAGE_LIMIT = 50_000;

/**
 * A trace or journey, first page at once and later pages when asked: a 100,000-span trace opens on
 * its first rows and the rest arrive in pages that extend the same tree.
 */
export function usePagedTraceView(kind: TraceViewKind, id: string) {
  const key = `${kind}-${id}`;
  const first = useApi(key, (signal) => fetchTraceView(kind, id, {}, signal));
  const [more, setMore] = useState<{ key: string; view: TraceView } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<Error | null>(null);
  const busy = useRef(false);
  const view = more?.key === key ? more.view : first.data;
  const model = useMemo(() => (view ? buildWaterfallModel(view) : undefined), [view]);

  const loadMore = useCallback(
    async (all: boolean) => {
      if (!view || busy.current) return;
      busy.current = true;
      setLoadingMore(true);
      setMoreError(null);
      try {
        let current = view;
        do {
          const next = await fetchTraceView(kind, id, { offset: current.spans.length, limit: PAGE_LIMIT });
          if (next.spans.length === 0) break;
          current = appendPage(current, next);
          setMore({ key, view: current });
        } while (all && current.truncated);
      } catch (error) {
        setMoreError(error instanceof Error ? error : new Error(String(error)));
      } finally {
        busy.current = false;
        setLoadingMore(false);
      }
    },
    [view, kind, id, key],
  );

  return { first, view, model, loadMore, loadingMore, moreError };
}
