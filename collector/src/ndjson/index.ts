/** NDJSON logs (`POST /v1/logs/ndjson`): one JSON object a line → log rows. Pure, no I/O. */
export { DEFAULT_NDJSON_FIELDS, type NdjsonFieldNames, type NdjsonOptions } from './options.ts';
export { parseNdjsonLogs } from './parse-ndjson.ts';
export { type Severity, severityOf } from './severity.ts';
export { parseLogTimestamp } from './timestamp.ts';
