import { type AttributeValue, SpanKind } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeLogsJson,
  decodeLogsProtobuf,
  decodeTracesJson,
  decodeTracesProtobuf,
  OtlpDecodeError,
} from '../src/otlp/index.ts';
import { logsFixture, traceFixture } from './support/otel-fixtures.ts';

// FUZZ_RUNS=100000 turns this quick run into the long one (npm run fuzz).
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const FUZZ_TIMEOUT_MS = FUZZ_RUNS > 300 ? 3_600_000 : 5000;

/** Runs a decoder: it may return or throw OtlpDecodeError, nothing else. */
function survives(decode: () => unknown): boolean {
  try {
    decode();
  } catch (error) {
    if (!(error instanceof OtlpDecodeError)) throw error;
  }
  return true;
}

const traces = traceFixture().protobuf;
const logs = logsFixture().protobuf;
const tracesJson = traceFixture().json.toString('utf8');

/** A valid request with a few bytes overwritten, cut short, or both. */
const mutated = (valid: Buffer) =>
  fc
    .record({
      edits: fc.array(fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })), {
        maxLength: 8,
      }),
      cut: fc.nat({ max: valid.length }),
    })
    .map(({ edits, cut }) => {
      const copy = Buffer.from(valid);
      for (const [at, byte] of edits) copy[at] = byte;
      return copy.subarray(0, cut === 0 ? copy.length : cut);
    });

describe('decoders never crash or hang on hostile input', () => {
  it('random bytes as protobuf', { timeout: FUZZ_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        expect(survives(() => decodeTracesProtobuf(bytes))).toBe(true);
        expect(survives(() => decodeLogsProtobuf(bytes))).toBe(true);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('mutated and truncated SDK requests as protobuf', { timeout: FUZZ_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(mutated(traces), mutated(logs), (traceBody, logBody) => {
        expect(survives(() => decodeTracesProtobuf(traceBody))).toBe(true);
        expect(survives(() => decodeLogsProtobuf(logBody))).toBe(true);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('random JSON, and random JSON spliced into OTLP/JSON', { timeout: FUZZ_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(fc.json(), fc.json(), fc.nat(), (json, splice, at) => {
        expect(survives(() => decodeTracesJson(json))).toBe(true);
        expect(survives(() => decodeLogsJson(json))).toBe(true);
        // Replace one JSON value of a real request by a random one.
        const values = [...tracesJson.matchAll(/:("[^"]*"|\d+|\[\]|\{\})/g)];
        const match = values[at % values.length]!;
        const start = match.index! + 1;
        const spliced = tracesJson.slice(0, start) + splice + tracesJson.slice(start + match[1]!.length);
        expect(survives(() => decodeTracesJson(spliced))).toBe(true);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});

/**
 * SDK attribute values that both OTLP encodings carry losslessly: JSON has no NaN, ±Infinity or -0,
 * and the SDK sends integral doubles as int64, which only holds them within ±2^63.
 */
const attributeValue: fc.Arbitrary<AttributeValue> = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.boolean(),
  fc.integer(),
  fc.maxSafeInteger(),
  fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .filter((value) => !Object.is(value, -0) && !(Number.isInteger(value) && Math.abs(value) >= 2 ** 63)),
  fc.array(fc.string(), { maxLength: 4 }),
  fc.array(fc.integer(), { maxLength: 4 }),
  fc.array(fc.boolean(), { maxLength: 4 }),
);

const spanSpec = fc.record({
  name: fc.string({ unit: 'binary', maxLength: 40 }),
  kind: fc.constantFrom(
    SpanKind.INTERNAL,
    SpanKind.SERVER,
    SpanKind.CLIENT,
    SpanKind.PRODUCER,
    SpanKind.CONSUMER,
  ),
  startNs: fc.integer({ min: 0, max: 999_999_999 }),
  durationNs: fc.integer({ min: 0, max: 5_000_000_000 }),
  attributes: fc.dictionary(fc.string({ maxLength: 12 }), attributeValue, { maxKeys: 6 }),
  events: fc.array(
    fc.record({ name: fc.string(), attributes: fc.dictionary(fc.string(), attributeValue, { maxKeys: 3 }) }),
    {
      maxLength: 3,
    },
  ),
});

describe('protobuf and OTLP/JSON give identical rows for the same SDK spans', () => {
  it('for random spans', { timeout: FUZZ_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(fc.array(spanSpec, { minLength: 1, maxLength: 5 }), (specs) => {
        const exporter = new InMemorySpanExporter();
        const provider = new BasicTracerProvider({
          resource: resourceFromAttributes({ 'service.name': 'fuzz' }),
          spanProcessors: [new SimpleSpanProcessor(exporter)],
        });
        const tracer = provider.getTracer('fuzz');
        for (const spec of specs) {
          const span = tracer.startSpan(spec.name, {
            kind: spec.kind,
            startTime: [1714564800, spec.startNs],
            attributes: spec.attributes,
          });
          for (const event of spec.events)
            span.addEvent(event.name, event.attributes, [1714564801, spec.startNs]);
          const endNs = spec.startNs + spec.durationNs;
          span.end([1714564800 + Math.floor(endNs / 1e9), endNs % 1e9]);
        }
        const spans = exporter.getFinishedSpans();
        const fromProtobuf = decodeTracesProtobuf(ProtobufTraceSerializer.serializeRequest(spans)!);
        const fromJson = decodeTracesJson(JsonTraceSerializer.serializeRequest(spans)!);
        expect(fromProtobuf.rows).toHaveLength(specs.length);
        expect(JSON.stringify(fromJson)).toBe(JSON.stringify(fromProtobuf));
      }),
      { numRuns: Math.ceil(FUZZ_RUNS / 2) },
    );
  });
});
