/**
 * Milliseconds to wait from a Retry-After header: delay-seconds or an HTTP date (RFC 9110 10.2.3).
 * Undefined when absent or unreadable, so the caller falls back to its own backoff.
 */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1_000;
  // An HTTP date names its day and month; V8's Date.parse would also read '1.5' or '-1' as dates.
  if (!/[A-Za-z]/.test(text)) return undefined;
  const dateMs = Date.parse(text);
  return Number.isNaN(dateMs) ? undefined : Math.max(0, dateMs - nowMs);
}
