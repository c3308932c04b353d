/**
 * The step page's selection in the URL: a latency band (`minMs`, `maxMs`), a time slice
 * (`sliceFrom`, `sliceTo`, epoch ms) and an outcome (`outcome=error|timeout`), so a slice under
 * study is a link to paste in an incident channel.
 */

export interface Selection {
  minMs?: number;
  maxMs?: number;
  sliceFromMs?: number;
  sliceToMs?: number;
  outcome?: 'error' | 'timeout';
}

const NUMBER_PARAMS = [
  ['minMs', 'minMs'],
  ['maxMs', 'maxMs'],
  ['sliceFromMs', 'sliceFrom'],
  ['sliceToMs', 'sliceTo'],
] as const;

export function readSelection(params: URLSearchParams): Selection {
  const selection: Selection = {};
  for (const [field, name] of NUMBER_PARAMS) {
    const raw = params.get(name);
    const value = raw === null || raw.trim() === '' ? Number.NaN : Number(raw);
    if (Number.isFinite(value) && value >= 0) selection[field] = value;
  }
  const outcome = params.get('outcome');
  if (outcome === 'error' || outcome === 'timeout') selection.outcome = outcome;
  if (selection.sliceFromMs !== undefined && selection.sliceToMs !== undefined) {
    if (selection.sliceFromMs >= selection.sliceToMs) {
      delete selection.sliceFromMs;
      delete selection.sliceToMs;
    }
  } else {
    delete selection.sliceFromMs;
    delete selection.sliceToMs;
  }
  if (selection.minMs !== undefined && selection.maxMs !== undefined && selection.minMs >= selection.maxMs) {
    delete selection.maxMs;
  }
  return selection;
}

/** Replaces the selection parameters (absent fields are removed). */
export function writeSelection(params: URLSearchParams, selection: Selection): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [field, name] of NUMBER_PARAMS) {
    const value = selection[field];
    if (value === undefined) next.delete(name);
    else next.set(name, String(value));
  }
  if (selection.outcome) next.set('outcome', selection.outcome);
  else next.delete('outcome');
  return next;
}

/** Whether anything is selected (else attribution has nothing to compare). */
export function hasSelection(selection: Selection): boolean {
  return (
    selection.minMs !== undefined ||
    selection.maxMs !== undefined ||
    selection.sliceFromMs !== undefined ||
    selection.outcome !== undefined
  );
}
