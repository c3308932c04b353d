import { type ReactNode, useState } from 'react';
import { ApiError, storeToken } from '../api/client.ts';
import type { Loadable } from '../hooks/useApi.ts';

/** Grey placeholder rows while data loads. */
export function Skeleton({ rows = 4, label = 'Loading' }: { rows?: number; label?: string }) {
  return (
    <div className="skeleton" role="status" aria-live="polite" aria-label={label}>
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <div key={i} className="skeleton-row" style={{ width: `${92 - ((i * 17) % 30)}%` }} />
      ))}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="empty-state">{children}</div>;
}

/** An error with what to do next: retry, or paste a token when the API wants one. */
export function ErrorState({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const needsToken = error instanceof ApiError && (error.status === 401 || error.status === 403);
  const [token, setToken] = useState('');
  return (
    <div className="error-state" role="alert">
      <strong>{needsToken ? 'The API needs a token.' : 'Could not load this.'}</strong>{' '}
      <span>{error.message}</span>
      {needsToken ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            storeToken(token);
            onRetry?.();
          }}
        >
          <label>
            API token <input type="password" value={token} onChange={(e) => setToken(e.target.value)} />
          </label>
          <button type="submit">Use token</button>
        </form>
      ) : (
        onRetry && (
          <button type="button" onClick={onRetry}>
            Retry
          </button>
        )
      )}
    </div>
  );
}

interface LoadProps<T> {
  value: Loadable<T> & { reload?: () => void };
  children: (data: T) => ReactNode;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  skeletonRows?: number;
}

/** Renders loading, error, empty or data states for one request, the same way on every page. */
export function Load<T>({ value, children, isEmpty, empty, skeletonRows }: LoadProps<T>) {
  if (value.data === undefined) {
    if (value.status === 'error') return <ErrorState error={value.error} onRetry={value.reload} />;
    return <Skeleton rows={skeletonRows} />;
  }
  return (
    <>
      {value.status === 'error' && <ErrorState error={value.error} onRetry={value.reload} />}
      {isEmpty?.(value.data) ? (
        <EmptyState>{empty ?? 'No data in this time range.'}</EmptyState>
      ) : (
        children(value.data)
      )}
    </>
  );
}
