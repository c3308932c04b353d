import { badRequest } from '../http/api-error.ts';

const TRACE_ID = /^[0-9a-fA-F]{32}$/;

/** A W3C/OTel trace id: 32 hex digits, stored lower-case by every exporter. 400 otherwise. */
export function parseTraceId(name: string, value: unknown): string {
  if (typeof value !== 'string' || !TRACE_ID.test(value)) {
    throw badRequest(`parameter '${name}' must be a trace id of 32 hexadecimal digits`);
  }
  if (/^0+$/.test(value)) throw badRequest(`parameter '${name}' must not be the all-zero trace id`);
  return value.toLowerCase();
}
