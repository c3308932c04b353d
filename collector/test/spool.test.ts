import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeSegment, encodeRecord, type SpoolRecord } from '../src/spool/record-format.ts';
import { Spool, SpoolFullError } from '../src/spool/spool.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paylens-spool-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function record(
  text: string,
  table: SpoolRecord['table'] = 'otel_traces',
  layout: SpoolRecord['layout'] = 'columns',
): SpoolRecord {
  return { table, layout, rows: text.split('\n').filter(Boolean).length, payload: Buffer.from(text) };
}

const options = (dir: string) => ({
  dir,
  maxBytes: 1 << 20,
  segmentMaxBytes: 1 << 16,
  segmentMaxAgeMs: 60_000,
});

describe('spool record format', () => {
  it('round-trips records and stops at a torn tail', () => {
    const records = [
      record('["a",1]\n'),
      record('["b",2]\n["b",3]\n', 'otel_logs'),
      record('{"a":1}\n', 'otel_traces', 'objects'),
      record('{"b":2}\n', 'otel_logs', 'objects'),
    ];
    const bytes = Buffer.concat(records.flatMap(encodeRecord));
    expect(decodeSegment(bytes).records).toEqual(records);
    const torn = bytes.subarray(0, bytes.length - 3);
    expect(decodeSegment(torn).records).toEqual(records.slice(0, 3));
    const corrupted = Buffer.from(bytes);
    corrupted[corrupted.length - 2] ^= 0xff;
    expect(decodeSegment(corrupted).records).toEqual(records.slice(0, 3));
  });

  it('reads the records of a segment written before array rows (codes 1 and 2) as objects', () => {
    const header = (code: number, payload: Buffer) => {
      const bytes = Buffer.alloc(13);
      bytes.writeUInt32LE(payload.length, 0);
      bytes.writeUInt32LE(crc32(payload), 4);
      bytes.writeUInt8(code, 8);
      bytes.writeUInt32LE(1, 9);
      return bytes;
    };
    const span = Buffer.from('{"TraceId":"t"}\n');
    const log = Buffer.from('{"Body":"b"}\n');
    const segment = Buffer.concat([header(1, span), span, header(2, log), log]);
    expect(decodeSegment(segment).records).toEqual([
      { table: 'otel_traces', layout: 'objects', rows: 1, payload: span },
      { table: 'otel_logs', layout: 'objects', rows: 1, payload: log },
    ]);
  });

  it('stops at a record code it does not know', () => {
    const known = Buffer.concat(encodeRecord(record('["a"]\n')));
    const unknown = Buffer.from(known);
    unknown.writeUInt8(9, 8);
    expect(decodeSegment(Buffer.concat([known, unknown])).records).toHaveLength(1);
  });
});

describe('spool', () => {
  it('keeps appended records on disk across a reopen, as sealed segments to replay', async () => {
    const dir = tempDir();
    const spool = await Spool.open(options(dir));
    await Promise.all([
      spool.append([record('{"a":1}\n')]),
      spool.append([record('{"a":2}\n', 'otel_logs')]),
    ]);
    // No close: as after a crash, the open segment is left behind.
    const reopened = await Spool.open(options(dir));
    expect(reopened.sealedSegments).toHaveLength(1);
    const segment = reopened.sealedSegments[0]!;
    const records = decodeSegment(await reopened.read(segment)).records;
    expect(records.map((r) => r.payload.toString()).sort()).toEqual(['{"a":1}\n', '{"a":2}\n']);
    await reopened.remove(segment);
    expect(readdirSync(dir)).toEqual([]);
    expect(reopened.diskBytes).toBe(0);
  });

  it('gives the records of one segment it sealed at a time from memory, as written to disk', async () => {
    const dir = tempDir();
    const spool = await Spool.open({ ...options(dir), segmentMaxBytes: 100 });
    let reads = 0;
    const read = spool.read.bind(spool);
    spool.read = (segment) => {
      reads++;
      return read(segment);
    };
    const written = [0, 1, 2].map((i) => [
      record(`["${i}",${'1'.repeat(50)}]\n`),
      record(`["${i}"]\n`, 'otel_logs'),
    ]);
    for (const records of written) {
      await spool.append(records);
      await spool.sealNow();
    }
    const [first, second, third] = spool.sealedSegments;
    for (const [i, segment] of [first!, second!, third!].entries()) {
      const onDisk = decodeSegment(readFileSync(segment.path)).records;
      expect(onDisk).toEqual(written[i]);
      expect(await spool.records(segment)).toEqual(onDisk);
    }
    // The first from memory, the two sealed while it was kept from disk.
    expect(reads).toBe(2);
    // Once the first is stored, the next segment sealed is kept.
    await spool.remove(first!);
    await spool.append([record('["3"]\n')]);
    await spool.sealNow();
    expect(await spool.records(spool.sealedSegments.at(-1)!)).toEqual([record('["3"]\n')]);
    expect(reads).toBe(2);
  });

  it('seals by size, names segments uniquely and in order', async () => {
    const dir = tempDir();
    const spool = await Spool.open({ ...options(dir), segmentMaxBytes: 100 });
    let sealed = 0;
    spool.onSealed = () => sealed++;
    for (let i = 0; i < 5; i++) await spool.append([record(`${'x'.repeat(120)}\n`)]);
    await spool.close();
    expect(sealed).toBe(5);
    const names = spool.sealedSegments.map((s) => s.name);
    expect([...names].sort()).toEqual(names);
    expect(new Set(names).size).toBe(5);
  });

  it('refuses appends over the byte limit with SpoolFullError', async () => {
    const spool = await Spool.open({ ...options(tempDir()), maxBytes: 50 });
    await spool.append([record(`${'x'.repeat(60)}\n`)]);
    await expect(spool.append([record('{"a":1}\n')])).rejects.toBeInstanceOf(SpoolFullError);
  });

  it('drops a torn record left by a crash mid-write but keeps the ones before it', async () => {
    const dir = tempDir();
    const spool = await Spool.open(options(dir));
    await spool.append([record('{"kept":1}\n')]);
    const [file] = readdirSync(dir);
    const path = join(dir, file!);
    const torn = Buffer.concat(encodeRecord(record('{"torn":1}\n'))).subarray(0, 9);
    writeFileSync(path, Buffer.concat([readFileSync(path), torn]));
    const reopened = await Spool.open(options(dir));
    const records = decodeSegment(await reopened.read(reopened.sealedSegments[0]!)).records;
    expect(records.map((r) => r.payload.toString())).toEqual(['{"kept":1}\n']);
  });
});
