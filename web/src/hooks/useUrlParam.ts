import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/** Updates query parameters in place (replace: no history entry per keystroke unless asked). */
export function useUpdateParams(): (
  update: (params: URLSearchParams) => URLSearchParams,
  push?: boolean,
) => void {
  const [, setParams] = useSearchParams();
  return useCallback(
    (update, push = false) => setParams((prev) => update(new URLSearchParams(prev)), { replace: !push }),
    [setParams],
  );
}

/** Sets or clears one parameter. */
export function setParam(
  params: URLSearchParams,
  name: string,
  value: string | null | undefined,
): URLSearchParams {
  if (value === null || value === undefined || value === '') params.delete(name);
  else params.set(name, value);
  return params;
}
