import { describe, expect, it } from 'vitest';
import { linkSpansSource } from '../../src/analytics/link-spans-source.ts';
import type { LinkDefinition } from '../../src/link/definition.ts';

const link: LinkDefinition = {
  name: 'l',
  journeyKey: ['order.id'],
  dimensions: ['payment.channel'],
  steps: [{ id: 'a', match: { span: 'a*' }, timeoutMs: 5 }],
};
const range = { fromNs: 1_000n, toNs: 2_000n };
const textOf = (coveredFromNs: bigint | undefined) =>
  linkSpansSource(link, coveredFromNs === undefined ? undefined : { version: 'v', coveredFromNs }, range)
    .build()
    .text.replace(/\s+/g, ' ');

describe('linkSpansSource', () => {
  it("reads the table's rows of the link's version where they are complete", () => {
    expect(textOf(0n)).toBe(
      '(SELECT Timestamp, Step, Duration, Error, Timeout, ServiceName, SpanName, Peer, Channel, Dims, SpanKey, TraceId, SpanHash, ParentHash, Message, TraceHash FROM paylens_link_spans WHERE Link = {p_0:String} AND Timestamp >= fromUnixTimestamp64Nano({p_1:Int64}) AND Timestamp < fromUnixTimestamp64Nano({p_2:Int64}))',
    );
  });

  it('classifies otel_traces before the table is complete, and splits a straddling range', () => {
    expect(textOf(undefined)).toContain('FROM otel_traces WHERE Timestamp >=');
    expect(textOf(undefined)).not.toContain('paylens_link_spans');
    expect(textOf(3_000n)).not.toContain('paylens_link_spans');
    const split = linkSpansSource(link, { version: 'v', coveredFromNs: 1_500n }, range).build();
    expect(split.text).toContain(' UNION ALL ');
    expect(Object.values(split.params).filter((v) => v === '1500')).toHaveLength(2);
  });

  it('reads all covered ranges in one pass, and classifies the uncovered ones apart', () => {
    const ranges = [
      { fromNs: 1_000n, toNs: 1_200n },
      { fromNs: 3_000n, toNs: 3_100n },
      { fromNs: 4_000n, toNs: 4_500n },
    ];
    const text = (coveredFromNs: bigint) =>
      linkSpansSource(link, { version: 'v', coveredFromNs }, ranges).build().text;
    const covered = text(0n);
    expect(covered.match(/FROM paylens_link_spans/g)).toHaveLength(1);
    expect(covered.match(/ OR /g)).toHaveLength(2);
    expect(covered).not.toContain('UNION ALL');
    const partly = text(3_050n);
    expect(partly.match(/FROM paylens_link_spans/g)).toHaveLength(1);
    expect(partly.match(/FROM otel_traces/g)).toHaveLength(2);
  });
});
