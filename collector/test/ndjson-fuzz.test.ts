import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNdjsonLogs } from '../src/ndjson/index.ts';

// FUZZ_RUNS=100000 turns this quick run into the long one (npm run fuzz).
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const FUZZ_TIMEOUT_MS = FUZZ_RUNS > 300 ? 3_600_000 : 5000;

const hex = (length: number) =>
  fc
    .array(fc.constantFrom(...'0123456789abcdef'), { minLength: length, maxLength: length })
    .map((chars) => chars.join(''));

const line = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 3 }),
  fc
    .record({
      timestamp: fc.oneof(fc.integer(), fc.string({ maxLength: 40 }), fc.double()),
      level: fc.oneof(
        fc.constantFrom('info', 'warn', 'error', 'FATAL'),
        fc.integer(),
        fc.string({ maxLength: 10 }),
      ),
      message: fc.string({ maxLength: 100 }),
      trace_id: fc.oneof(hex(32), fc.string({ maxLength: 40 })),
      span_id: fc.oneof(hex(16), fc.string({ maxLength: 20 })),
      extra: fc.jsonValue({ maxDepth: 3 }),
    })
    .map((record) => JSON.stringify(record)),
);

describe('NDJSON logs parser on hostile input', () => {
  it('never throws, and accounts for every non-empty line as a row or a rejection', {
    timeout: FUZZ_TIMEOUT_MS,
  }, () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), (lines) => {
        const body = lines.map((l) => l.replaceAll('\n', ' ')).join('\n');
        const outcome = parseNdjsonLogs(body);
        const nonEmpty = body.split('\n').filter((l) => l.trim().length > 0).length;
        expect(outcome.rows.length + outcome.rejected).toBe(nonEmpty);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
