import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { linkParamOf } from '../url/linkParam.ts';

export type Loadable<T> =
  | { status: 'loading'; data: T | undefined; error: undefined }
  | { status: 'error'; data: T | undefined; error: Error }
  | { status: 'ok'; data: T; error: undefined };

export type Reloadable<T> = Loadable<T> & { reload: () => void };

/**
 * Loads data whenever `key` changes (the key names everything the request depends on, and the
 * page's link is added to it: requests carry it, see apiUrl). The last good data is kept while
 * reloading, so auto-refresh does not flash skeletons.
 */
export function useApi<T>(
  requestKey: string | null,
  load: (signal: AbortSignal) => Promise<T>,
): Reloadable<T> {
  const [params] = useSearchParams();
  const link = linkParamOf(params);
  const key = requestKey === null ? null : `${requestKey}@${link ?? ''}`;
  const [state, setState] = useState<Loadable<T>>({ status: 'loading', data: undefined, error: undefined });
  /** The link the data in `state` was loaded for: data of another link is never shown. */
  const [dataLink, setDataLink] = useState<string | null>(link);
  const [nonce, setNonce] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const keyRef = useRef<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new nonce is how reload() asks for a fresh request
  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    const sameQuery = keyRef.current === key;
    keyRef.current = key;
    setState((prev) => ({ status: 'loading', data: sameQuery ? prev.data : undefined, error: undefined }));
    loadRef.current(controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        setState({ status: 'ok', data, error: undefined });
        setDataLink(link);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const err = error instanceof Error ? error : new Error(String(error));
        setState((prev) => ({ status: 'error', data: sameQuery ? prev.data : undefined, error: err }));
      },
    );
    return () => controller.abort();
  }, [key, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  // Right after a switch of links, before the effect above has run: the old link's data must not
  // lead a page to ask the new link about the old link's steps.
  if (state.data !== undefined && dataLink !== link) {
    return { status: 'loading', data: undefined, error: undefined, reload };
  }
  return { ...state, reload };
}
