// OTLP decoding: a 10k-span ExportTraceServiceRequest (8 attributes a span, built by the OTel JS
// SDK and otlp-transformer) through paylens' protobuf and OTLP/JSON decoders, beside JSON.parse
// alone of the same OTLP/JSON (the raw engine's floor for JSON), and the rows → JSONCompactEachRow
// serializer beside a hand-written writer and beside JSONEachRow objects (the format before).
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { type AttributeMap, SPAN_COLUMNS, type SpanRow } from '@paylens/store';
import { decodeTracesJson, decodeTracesProtobuf, serializeRows } from '../collector/src/otlp/index.ts';
import { paymentSpans } from './support/payloads.ts';

const SPANS = Number(process.env.BENCH_DECODE_SPANS ?? 10_000);
const RUNS = Number(process.env.BENCH_DECODE_RUNS ?? 15);

function buildRequest(): { protobuf: Buffer; json: Buffer } {
  const spans = paymentSpans(SPANS, 0, 50);
  return {
    protobuf: Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!),
    json: Buffer.from(JsonTraceSerializer.serializeRequest(spans)!),
  };
}

/** Median seconds of `RUNS` runs after two warm-up runs. */
function time(work: () => unknown): number {
  for (let i = 0; i < 2; i++) work();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    work();
    samples.push((performance.now() - started) / 1000);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

// A hand-written JSONCompactEachRow writer, to check JSON.stringify is good enough.
function plain(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) return false;
  }
  return true;
}
function quote(text: string): string {
  return plain(text) ? `"${text}"` : JSON.stringify(text);
}
function mapJson(map: AttributeMap): string {
  let out = '{';
  let first = true;
  for (const key in map) {
    out += `${first ? '' : ','}${quote(key)}:${quote(map[key]!)}`;
    first = false;
  }
  return `${out}}`;
}
function stringsJson(items: string[]): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) out += `${i ? ',' : ''}${quote(items[i]!)}`;
  return `${out}]`;
}
function mapsJson(items: AttributeMap[]): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) out += `${i ? ',' : ''}${mapJson(items[i]!)}`;
  return `${out}]`;
}
function handWritten(rows: readonly SpanRow[]): Buffer {
  let text = '';
  for (const r of rows) {
    text += `["${r.Timestamp}","${r.TraceId}","${r.SpanId}","${r.ParentSpanId}",${quote(r.TraceState)},${quote(r.SpanName)},"${r.SpanKind}",${quote(r.ServiceName)},${mapJson(r.ResourceAttributes)},${quote(r.ScopeName)},${quote(r.ScopeVersion)},${mapJson(r.SpanAttributes)},"${r.Duration}","${r.StatusCode}",${quote(r.StatusMessage)},${stringsJson(r['Events.Timestamp'])},${stringsJson(r['Events.Name'])},${mapsJson(r['Events.Attributes'])},${stringsJson(r['Links.TraceId'])},${stringsJson(r['Links.SpanId'])},${stringsJson(r['Links.TraceState'])},${mapsJson(r['Links.Attributes'])}]\n`;
  }
  return Buffer.from(text, 'utf8');
}

function objects(rows: readonly SpanRow[]): Buffer {
  let text = '';
  for (const row of rows) text += `${JSON.stringify(row)}\n`;
  return Buffer.from(text, 'utf8');
}

const { protobuf, json } = buildRequest();
const rows = decodeTracesProtobuf(protobuf).rows;
if (rows.length !== SPANS) throw new Error(`decoded ${rows.length} of ${SPANS} spans`);
if (!handWritten(rows).equals(serializeRows(rows, SPAN_COLUMNS)))
  throw new Error('hand-written serializer disagrees');
const jsonText = json.toString('utf8');

const parseOnly = time(() => JSON.parse(jsonText));
const parseFromBytes = time(() => JSON.parse(json.toString('utf8')));
const results: [string, number, string][] = [
  [
    'protobuf decode → rows (paylens)',
    time(() => decodeTracesProtobuf(protobuf)),
    `${(protobuf.length / SPANS).toFixed(0)} B/span`,
  ],
  [
    'OTLP/JSON decode → rows (paylens)',
    time(() => decodeTracesJson(json)),
    `${(json.length / SPANS).toFixed(0)} B/span`,
  ],
  ['JSON.parse of the same OTLP/JSON (raw)', parseOnly, 'string in, objects out'],
  ['utf8 + JSON.parse (raw, from bytes)', parseFromBytes, 'bytes in, objects out'],
  [
    'rows → JSONCompactEachRow (paylens)',
    time(() => serializeRows(rows, SPAN_COLUMNS)),
    `${(serializeRows(rows, SPAN_COLUMNS).length / SPANS).toFixed(0)} B/row`,
  ],
  ['rows → JSONCompactEachRow (hand-written)', time(() => handWritten(rows)), 'escapes only when needed'],
  [
    'rows → JSONEachRow objects (the format before)',
    time(() => objects(rows)),
    `${(objects(rows).length / SPANS).toFixed(0)} B/row`,
  ],
];

const perSecond = (seconds: number) => SPANS / seconds;
console.log(
  `otlp-decode: ${SPANS} spans, 8 attributes each; median of ${RUNS} runs; node ${process.version}`,
);
console.log(
  `${'work'.padEnd(46)} ${'spans/s'.padStart(10)} ${'ms/batch'.padStart(9)} ${'× raw JSON.parse'.padStart(17)}  note`,
);
for (const [name, seconds, note] of results) {
  const ratio = (perSecond(seconds) / perSecond(parseFromBytes)).toFixed(2);
  console.log(
    `${name.padEnd(46)} ${Math.round(perSecond(seconds)).toLocaleString('en-US').padStart(10)} ${(seconds * 1000).toFixed(1).padStart(9)} ${ratio.padStart(17)}  ${note}`,
  );
}
const [, proto] = results[0]!;
const [, stringify] = results[4]!;
const [, hand] = results[5]!;
const [, before] = results[6]!;
console.log(
  `protobuf decoder vs raw JSON.parse: ${(parseFromBytes / proto).toFixed(2)}×; JSON.stringify serializer vs hand-written: ${(hand / stringify).toFixed(2)}× the speed, vs objects: ${(before / stringify).toFixed(2)}×`,
);
