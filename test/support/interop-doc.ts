import { readFileSync } from 'node:fs';
import { SqlFragment, typed } from '@paylens/store';
import { dateTime64 } from './exporter-rows.ts';

const DOC = new URL('../../docs/interop.md', import.meta.url);
const CUTOFF = '{cutoff:DateTime64(9)}';

/**
 * The backfill statements exactly as docs/interop.md shows them (the ```sql blocks starting with
 * `-- paylens backfill`), with the `{cutoff:DateTime64(9)}` placeholder bound, so the documentation
 * is what the test runs.
 */
export function backfillStatements(cutoffMs: number): SqlFragment[] {
  const blocks = [...readFileSync(DOC, 'utf8').matchAll(/```sql\n([\s\S]*?)```/g)]
    .map((match) => dedent(match[1] ?? ''))
    .filter((block) => block.trimStart().startsWith('-- paylens backfill'));
  if (blocks.length === 0) throw new Error('docs/interop.md has no `-- paylens backfill` blocks');
  const cutoff = typed('DateTime64(9)', dateTime64(BigInt(cutoffMs) * 1_000_000n));
  return blocks.map((block) => {
    const strings = block.replace(/;\s*$/, '').split(CUTOFF);
    return new SqlFragment(
      strings,
      strings.slice(1).map(() => cutoff),
    );
  });
}

function dedent(text: string): string {
  const indent = Math.min(
    ...text
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => l.length - l.trimStart().length),
  );
  return text
    .split('\n')
    .map((line) => line.slice(indent))
    .join('\n');
}

/** The `ALTER TABLE otel_logs ADD COLUMN … TimestampTime …` the document gives for older log tables. */
export function timestampTimeWorkaround(): string {
  const statement = /`(ALTER TABLE otel_logs ADD COLUMN IF NOT EXISTS TimestampTime [^`]+)`/.exec(
    readFileSync(DOC, 'utf8'),
  )?.[1];
  if (!statement) throw new Error('docs/interop.md has no TimestampTime ALTER');
  return statement;
}
