/**
 * Rows → JSONCompactEachRow bytes (one JSON array of the `columns`' values a line, each line
 * `\n`-terminated), the format the spool stores and ClickHouse ingests with the columns named.
 * Arrays rather than objects: no column names repeated in every row, so 40% fewer bytes to write,
 * checksum, copy and parse (bench/otlp-decode.bench.ts). `JSON.stringify` per row: V8's serializer is
 * native and measured there against a hand-written writer.
 */
export function serializeRows(rows: readonly object[], columns: readonly string[]): Buffer {
  if (rows.length === 0) return Buffer.alloc(0);
  const values: unknown[] = new Array(columns.length);
  let text = '';
  for (const row of rows as readonly Record<string, unknown>[]) {
    for (let c = 0; c < columns.length; c++) values[c] = row[columns[c]!];
    text += `${JSON.stringify(values)}\n`;
  }
  return Buffer.from(text, 'utf8');
}
