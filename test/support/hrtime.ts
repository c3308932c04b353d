import type { HrTime } from '@opentelemetry/api';

/** An SDK hrtime as exact integer nanoseconds (computed here, independently of paylens). */
export function hrTimeToNanos(time: HrTime): bigint {
  return BigInt(time[0]) * 1_000_000_000n + BigInt(time[1]);
}
