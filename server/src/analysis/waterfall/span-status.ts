export type SpanStatus = 'ok' | 'error' | 'unset';
export type SpanKindName = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';

const KINDS: readonly SpanKindName[] = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];

/** Both exporter spellings: `Error` (current) and `STATUS_CODE_ERROR` (older). */
export function normalizeStatus(code: string): SpanStatus {
  const name = code.toLowerCase().replace(/^status_code_/, '');
  return name === 'error' ? 'error' : name === 'ok' ? 'ok' : 'unset';
}

/** Both exporter spellings: `Server` (current) and `SPAN_KIND_SERVER` (older). */
export function normalizeKind(kind: string): SpanKindName {
  const name = kind.toLowerCase().replace(/^span_kind_/, '');
  return KINDS.find((known) => known === name) ?? 'unspecified';
}
