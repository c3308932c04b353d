import type { LinkDefinition } from '../../server/src/link/definition.ts';
import { funnelSteps } from '../../server/src/link/definition.ts';
import {
  type ExpectedJourney,
  expectedCompleted,
  expectedFunnelSteps,
  expectedFunnelValue,
  type Range,
} from '../fixtures/analytics-expected.ts';
import { billionths, decimalOf, sumDecimals } from '../fixtures/decimal-sums.ts';
import type { Sent, SpanSpec } from './journey-shapes.ts';

/**
 * DESIGN.md's journeys written out plainly over what a test sent (none of paylens' code):
 * a trace's key is the first journeyKey value on any of its spans or on a log record correlated to
 * it; a key-less trace with a span linked to another trace joins that trace's journey, followed
 * three hops deep; else the trace is its own journey. A step span carrying a key belongs to it.
 */

const HOPS = 3;
/** Epoch ms (integer or not) as exact nanoseconds: ms × 1e6 itself would exceed 2^53. */
const nsOf = (ms: number) => BigInt(Math.trunc(ms)) * 1_000_000n + BigInt(Math.round((ms % 1) * 1e6));
/** Nanoseconds as ms, whole ms and fraction apart (Number(ns) itself would round past 2^53). */
const msOf = (ns: bigint) => Number(ns / 1_000_000n) + Number(ns % 1_000_000n) / 1e6;

export interface TraceRef {
  traceId: string;
  via: 'key' | 'link' | 'trace';
  linkedFrom?: string;
}

export interface ModelJourney extends ExpectedJourney {
  refs: TraceRef[];
  spans: SpanSpec[];
}

function keyOf(attributes: Record<string, string>, keys: readonly string[]): string {
  for (const key of keys) if (attributes[key]) return attributes[key];
  return '';
}

/** Each trace's journey and how it joined it. */
export function traceJourneys(
  sent: Sent,
  keys: readonly string[],
): Map<string, TraceRef & { journey: string }> {
  const own = new Map<string, string>();
  const links = new Map<string, string>();
  for (const span of sent.spans) {
    const key = keyOf(span.attributes, keys);
    if (key && !own.has(span.traceId)) own.set(span.traceId, key);
    for (const link of span.links) {
      const current = links.get(span.traceId);
      if (link.traceId !== span.traceId && (!current || link.traceId < current))
        links.set(span.traceId, link.traceId);
    }
  }
  for (const log of sent.logs) {
    const key = keyOf(log.attributes, keys);
    if (key && !own.has(log.traceId)) own.set(log.traceId, key);
  }
  const result = new Map<string, TraceRef & { journey: string }>();
  for (const traceId of new Set(sent.spans.map((span) => span.traceId))) {
    const key = own.get(traceId);
    if (key) {
      result.set(traceId, { traceId, journey: key, via: 'key' });
      continue;
    }
    const linkedFrom = links.get(traceId);
    let current = traceId;
    let journey = '';
    for (let hop = 0; hop < HOPS && !journey; hop++) {
      const next = links.get(current);
      if (!next) break;
      current = next;
      journey = own.get(current) ?? '';
    }
    result.set(
      traceId,
      linkedFrom
        ? { traceId, journey: journey || current, via: 'link', linkedFrom }
        : { traceId, journey: traceId, via: 'trace' },
    );
  }
  return result;
}

/** Journeys that started in the range, with every field the funnel and stuck list need. */
export function modelJourneys(sent: Sent, link: LinkDefinition, range: Range): ModelJourney[] {
  // The funnel's stages (steps with inFunnel: false are no stage of it).
  const stepIds = funnelSteps(link).map((step) => step.id);
  const budgets = new Map(link.steps.map((step) => [step.id, step.timeoutMs]));
  const ofTrace = traceJourneys(sent, link.journeyKey);
  const journeyOf = (span: SpanSpec) =>
    (span.step !== undefined && keyOf(span.attributes, link.journeyKey)) ||
    ofTrace.get(span.traceId)!.journey;
  const byJourney = new Map<string, SpanSpec[]>();
  for (const span of sent.spans) {
    const id = journeyOf(span);
    byJourney.set(id, [...(byJourney.get(id) ?? []), span]);
  }
  const ok = (span: SpanSpec) => {
    const budget = budgets.get(span.step ?? '');
    return span.error === undefined && !(budget !== undefined && span.endMs - span.startMs >= budget);
  };
  const journeys: ModelJourney[] = [];
  for (const [id, spans] of byJourney) {
    const steps = spans.filter((span) => span.step !== undefined).sort((a, b) => a.startMs - b.startMs);
    if (steps.length === 0) continue;
    const ofStep = (k: number) => steps.filter((span) => span.step === stepIds[k]);
    const last = [...steps].sort((a, b) => b.endMs - a.endMs)[0]!;
    const traceIds = [...new Set(spans.map((span) => span.traceId))].sort();
    const dim = (d: string) =>
      steps
        .map((span) =>
          d === 'service.name'
            ? span.service
            : d === 'deployment.environment.name'
              ? 'journey-shapes'
              : (span.attributes[d] ?? ''),
        )
        .find((v) => v !== '') ?? '';
    journeys.push({
      id,
      traceIds,
      entered: stepIds.map((_, k) => ofStep(k).length > 0),
      succeeded: stepIds.map((_, k) => ofStep(k).some(ok)),
      attempts: stepIds.map((_, k) => ofStep(k).length),
      firstStart: stepIds.map((_, k) => (ofStep(k)[0] ? nsOf(ofStep(k)[0]!.startMs) : undefined)),
      firstOkEnd: stepIds.map((_, k) => {
        const first = ofStep(k).find(ok);
        return first ? nsOf(first.endMs) : undefined;
      }),
      lastFailure: stepIds.map((_, k) => {
        const last = ofStep(k)
          .filter((span) => !ok(span))
          .at(-1);
        // A span failing only by its budget has no status message: its message is "timeout".
        return last ? (last.error ?? 'timeout') : '';
      }),
      start: nsOf(Math.min(...spans.map((span) => span.startMs))),
      end: nsOf(Math.max(...spans.map((span) => span.endMs))),
      lastStep: last.step!,
      lastEnd: nsOf(last.endMs),
      dims: Object.fromEntries(link.dimensions.map((d) => [d, dim(d)])),
      messages: stepIds.map((_, k) =>
        ofStep(k)
          .filter((span) => !ok(span))
          .map((span) => span.error ?? 'timeout'),
      ),
      refs: traceIds.map((traceId) => {
        const ref = ofTrace.get(traceId)!;
        if (ref.journey !== id || ref.via === 'key') return { traceId, via: 'key' };
        return ref.via === 'link'
          ? { traceId, via: 'link', linkedFrom: ref.linkedFrom }
          : { traceId, via: 'trace' };
      }),
      spans,
      ...journeyValue(
        sent.spans.filter((span) => ofTrace.get(span.traceId)!.journey === id),
        link,
      ),
    });
  }
  const [fromNs, toNs] = [nsOf(range.from), nsOf(range.to)];
  return journeys.filter((j) => j.start >= fromNs && j.start < toNs).sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** A span attribute as sent: a string, or a number in its shortest decimal form. */
function sentAttribute(span: SpanSpec, key: string): string | undefined {
  const number = span.numbers?.[key];
  return number !== undefined ? String(number) : span.attributes[key] || undefined;
}

/**
 * DESIGN.md: a journey's value is the first numeric value of the link's value attribute on the
 * spans of its traces, its currency the first currency attribute value, else the fixed currency.
 */
function journeyValue(
  spans: readonly SpanSpec[],
  link: LinkDefinition,
): { value?: string; currency?: string } {
  const config = link.value;
  if (!config) return {};
  const inOrder = [...spans].sort((a, b) => a.startMs - b.startMs);
  const amount = inOrder
    .map((span) => sentAttribute(span, config.attribute))
    .find((text) => text !== undefined && billionths(text) !== undefined);
  const found = config.currencyAttribute
    ? inOrder.map((span) => sentAttribute(span, config.currencyAttribute!)).find((text) => text !== undefined)
    : undefined;
  const currency = found ?? config.currency ?? '';
  return amount === undefined ? { currency } : { value: decimalOf(billionths(amount)!), currency };
}

/** The funnel response for the journeys (every field but groups, from/to). */
export function modelFunnel(journeys: readonly ModelJourney[], link: LinkDefinition) {
  return {
    journeys: journeys.length,
    steps: expectedFunnelSteps(journeys, link),
    completed: expectedCompleted(journeys, link),
    value: expectedFunnelValue(journeys, link),
  };
}

/** The funnel's groups by one dimension: journeys by their value of it, most journeys first. */
export function modelFunnelGroups(
  journeys: readonly ModelJourney[],
  link: LinkDefinition,
  dimension: string,
) {
  const values = [...new Set(journeys.map((j) => j.dims[dimension] ?? ''))];
  return values
    .map((value) => ({
      key: { [dimension]: value },
      ...modelFunnel(
        journeys.filter((j) => (j.dims[dimension] ?? '') === value),
        link,
      ),
    }))
    .sort((a, b) => b.journeys - a.journeys || (JSON.stringify(a.key) < JSON.stringify(b.key) ? -1 : 1));
}

/** The stuck list after step `after` at `nowMs` (the range's end), oldest first. */
export function modelStuck(
  journeys: readonly ModelJourney[],
  link: LinkDefinition,
  after: string,
  graceMs: number,
  nowMs: number,
) {
  const stages = funnelSteps(link);
  const k = stages.findIndex((step) => step.id === after);
  const deadline = nsOf(nowMs) - nsOf(graceMs);
  const stuck = journeys
    .filter((j) => j.succeeded[k] && !j.entered[k + 1] && j.firstOkEnd[k]! <= deadline)
    .sort((a, b) =>
      a.firstOkEnd[k]! < b.firstOkEnd[k]!
        ? -1
        : a.firstOkEnd[k]! > b.firstOkEnd[k]!
          ? 1
          : a.id < b.id
            ? -1
            : 1,
    );
  const risk = new Map<string, string[]>();
  for (const j of stuck) {
    if (j.value !== undefined) risk.set(j.currency ?? '', [...(risk.get(j.currency ?? '') ?? []), j.value]);
  }
  return {
    after,
    next: stages[k + 1]!.id,
    graceMs,
    total: stuck.length,
    valueAtRisk: [...risk]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([currency, values]) => ({ currency, amount: sumDecimals(values) })),
    journeys: stuck.map((j) => ({
      key: j.id,
      traceIds: j.traceIds,
      lastStep: j.lastStep,
      lastSpanAt: msOf(j.lastEnd),
      ageMs: msOf(nsOf(nowMs) - j.firstOkEnd[k]!),
      succeededAt: msOf(j.firstOkEnd[k]!),
      dimensions: j.dims,
      value: j.value ?? null,
      currency: j.currency ?? '',
    })),
  };
}
