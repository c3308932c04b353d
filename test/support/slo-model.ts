import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { DEFAULT_LINK_FILE } from '../../server/src/link/load-link.ts';
import type { SpanSpec } from './journey-shapes.ts';

/**
 * The SLO semantics of DESIGN.md written out again in the test, over what was sent: a span of the
 * step is good when it has no error status, stays under its step's timeout budget and, with a
 * latency objective, lasts at most latencyMs. Windows are [at − w, at) on span start.
 */
export interface ModelSlo {
  step: string;
  objective: number;
  latencyMs?: number;
  windowMs: number;
  timeoutMs?: number;
}

export interface Counts {
  total: number;
  good: number;
}

export function isGood(span: SpanSpec, slo: ModelSlo): boolean {
  const durationMs = span.endMs - span.startMs;
  if (span.error !== undefined) return false;
  if (slo.timeoutMs !== undefined && durationMs >= slo.timeoutMs) return false;
  return slo.latencyMs === undefined || durationMs <= slo.latencyMs;
}

export function countIn(spans: readonly SpanSpec[], slo: ModelSlo, fromMs: number, toMs: number): Counts {
  let total = 0;
  let good = 0;
  for (const span of spans) {
    if (span.step !== slo.step || span.startMs < fromMs || span.startMs >= toMs) continue;
    total++;
    if (isGood(span, slo)) good++;
  }
  return { total, good };
}

/** (bad ÷ total) ÷ (1 − objective/100), as DESIGN.md writes it. */
export function modelBurn(counts: Counts, objective: number): number | null {
  if (counts.total === 0) return null;
  return (counts.total - counts.good) / counts.total / (1 - objective / 100);
}

/**
 * The default payment link with these SLOs (and no others) on its steps, written to `dir`; the path
 * for PAYLENS_LINK.
 */
export function linkWithSlos(
  dir: string,
  slos: Record<string, { objective: number; latencyMs?: number; window: string }>,
): string {
  const document = parseDocument(readFileSync(DEFAULT_LINK_FILE, 'utf8'));
  const steps = document.toJS().steps as { id: string }[];
  steps.forEach((step, i) => {
    const slo = slos[step.id];
    if (slo) document.setIn(['steps', i, 'slo'], slo);
    else document.deleteIn(['steps', i, 'slo']);
  });
  const path = join(dir, 'slo-link.yaml');
  writeFileSync(path, document.toString());
  return path;
}
