/**
 * Rows → JSONEachRow bytes (one object a line, each line `\n`-terminated), the format the spool
 * stores and ClickHouse ingests. `JSON.stringify` per row: V8's serializer is native and measured
 * (bench/otlp-decode.bench.ts) against a hand-written column-order writer.
 */
export function serializeRows(rows: readonly object[]): Buffer {
  if (rows.length === 0) return Buffer.alloc(0);
  let text = '';
  for (let i = 0; i < rows.length; i++) text += `${JSON.stringify(rows[i])}\n`;
  return Buffer.from(text, 'utf8');
}
