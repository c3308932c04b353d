import { asciiLower } from '../link/match.ts';

/**
 * The one definition of error and timeout (DESIGN.md, Semantics) for every page and alert.
 * `analytics/outcome-sql.ts` is the same rule in ClickHouse; an integration test keeps them in step.
 *
 * - error: status Error (`Error` or `STATUS_CODE_ERROR`).
 * - cancelled (by the caller): error.type names a cancellation (`cancelled`, `CANCELLED`,
 *   `AbortError`, `CancellationException`, `context canceled`…) or gRPC status 1 (CANCELLED).
 *   A cancelled span is never a timeout.
 * - timeout: status Error with an error.type naming a timeout (`timeout`, `DEADLINE_EXCEEDED`,
 *   `*Timeout*`, `ETIMEDOUT`); HTTP 408 or 504 (`http.response.status_code` or the older
 *   `http.status_code`); gRPC status 4 (DEADLINE_EXCEEDED); an event whose `exception.type` names a
 *   timeout; or a duration at or beyond the step's budget (`timeoutMs`).
 */
export interface OutcomeSpan {
  statusCode: string;
  /** Integer nanoseconds (a decimal string as read from ClickHouse, or a number/bigint). */
  durationNs: string | number | bigint;
  attributes: Readonly<Record<string, string>>;
  events?: readonly { attributes: Readonly<Record<string, string>> }[];
}

export interface Outcome {
  error: boolean;
  timeout: boolean;
  cancelled: boolean;
}

export const ERROR_STATUS_SPELLINGS = ['error', 'status_code_error'] as const;
/** Substrings (of the ASCII-lower-cased type) that name a timeout. */
export const TIMEOUT_TYPE_MARKERS = ['timeout', 'timedout', 'deadline_exceeded', 'deadlineexceeded'] as const;
/** Substrings that name a cancellation (cancelled, canceled, CancellationException…). */
export const CANCEL_TYPE_MARKERS = ['cancel', 'aborterror'] as const;
export const TIMEOUT_HTTP_STATUSES = ['408', '504'] as const;
export const HTTP_STATUS_ATTRIBUTES = ['http.response.status_code', 'http.status_code'] as const;
export const GRPC_STATUS_ATTRIBUTE = 'rpc.grpc.status_code';
export const GRPC_CANCELLED = '1';
export const GRPC_DEADLINE_EXCEEDED = '4';

export function isErrorStatus(statusCode: string): boolean {
  return (ERROR_STATUS_SPELLINGS as readonly string[]).includes(asciiLower(statusCode));
}

export function namesTimeout(type: string | undefined): boolean {
  const lower = asciiLower(type ?? '');
  return TIMEOUT_TYPE_MARKERS.some((marker) => lower.includes(marker));
}

export function namesCancellation(type: string | undefined): boolean {
  const lower = asciiLower(type ?? '');
  return CANCEL_TYPE_MARKERS.some((marker) => lower.includes(marker));
}

/** A step budget in integer nanoseconds (0 = no budget), the same number SQL compares against. */
export function budgetNs(timeoutMs: number | undefined): number {
  return timeoutMs === undefined ? 0 : Math.round(timeoutMs * 1e6);
}

export function classifyOutcome(span: OutcomeSpan, timeoutMs?: number): Outcome {
  const error = isErrorStatus(span.statusCode);
  const attributes = span.attributes;
  const grpcStatus = attributes[GRPC_STATUS_ATTRIBUTE];
  const cancelled = namesCancellation(attributes['error.type']) || grpcStatus === GRPC_CANCELLED;
  if (cancelled) return { error, timeout: false, cancelled };
  const budget = budgetNs(timeoutMs);
  const timeout =
    (error && namesTimeout(attributes['error.type'])) ||
    HTTP_STATUS_ATTRIBUTES.some((name) =>
      (TIMEOUT_HTTP_STATUSES as readonly (string | undefined)[]).includes(attributes[name]),
    ) ||
    grpcStatus === GRPC_DEADLINE_EXCEEDED ||
    (span.events ?? []).some((event) => namesTimeout(event.attributes['exception.type'])) ||
    (budget > 0 && BigInt(span.durationNs) >= BigInt(budget));
  return { error, timeout, cancelled };
}
