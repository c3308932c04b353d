import { describe, expect, it } from 'vitest';
import { dropDuplicateSpans } from '../../../src/analysis/waterfall/drop-duplicates.ts';

const span = (traceId: string, spanId: string, startNs: bigint) => ({
  traceId,
  spanId,
  parentSpanId: '',
  startNs,
  durationNs: 1n,
});

describe('dropDuplicateSpans', () => {
  it('keeps the first row of each span, telling traces apart', () => {
    const spans = [span('T', 'a', 1n), span('T', 'a', 2n), span('U', 'a', 3n), span('T', 'b', 4n)];
    expect(dropDuplicateSpans(spans).map((s) => s.startNs)).toEqual([1n, 3n, 4n]);
  });
});
