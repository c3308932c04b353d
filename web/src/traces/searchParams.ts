/** The trace search form as URL parameters (strings, as typed), and as an API query. */
export interface TraceSearchFields {
  step: string;
  status: string;
  minMs: string;
  key: string;
}

const FIELDS = ['step', 'status', 'minMs', 'key'] as const;

export function readSearchFields(params: URLSearchParams): TraceSearchFields {
  return {
    step: params.get('step') ?? '',
    status: params.get('status') ?? '',
    minMs: params.get('minMs') ?? '',
    key: params.get('key') ?? '',
  };
}

export function writeSearchFields(params: URLSearchParams, fields: TraceSearchFields): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const name of FIELDS) {
    const value = fields[name].trim();
    if (value) next.set(name, value);
    else next.delete(name);
  }
  next.delete('droppedAfter');
  next.delete('droppedBefore');
  return next;
}

/** The API's filters; a minimum duration that is not a non-negative number is left out. */
export function searchQuery(fields: TraceSearchFields): {
  step?: string;
  status?: string;
  minMs?: number;
  key?: string;
} {
  const minMs = Number(fields.minMs);
  return {
    step: fields.step || undefined,
    status: fields.status || undefined,
    minMs: fields.minMs !== '' && Number.isFinite(minMs) && minMs >= 0 ? minMs : undefined,
    key: fields.key.trim() || undefined,
  };
}
