/** Options that shape the DDL: a cluster for scale-out and a retention period. */
export interface SchemaOptions {
  /** `ON CLUSTER` name; tables then use Replicated* engines. */
  cluster?: string;
  /** Rows older than this many days are dropped by TTL (whole parts only). */
  retentionDays?: number;
}

const CLUSTER_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Fills the placeholders of a schema file: `{{ON_CLUSTER}}`, `{{MERGE_TREE}}`,
 * `{{AGGREGATING_MERGE_TREE}}`, `{{REPLACING_MERGE_TREE:version}}` and `{{TTL:expression}}`.
 */
export function renderSchema(template: string, options: SchemaOptions): string {
  const { cluster, retentionDays } = options;
  if (cluster !== undefined && !CLUSTER_NAME.test(cluster))
    throw new Error(`invalid cluster name: ${cluster}`);
  if (retentionDays !== undefined && !(Number.isInteger(retentionDays) && retentionDays > 0)) {
    throw new Error(`retention days must be a positive integer, got ${retentionDays}`);
  }
  const replicated = cluster !== undefined ? 'Replicated' : '';
  return template
    .replaceAll('{{ON_CLUSTER}}', cluster ? `ON CLUSTER \`${cluster}\`` : '')
    .replaceAll('{{MERGE_TREE}}', `${replicated}MergeTree()`)
    .replaceAll('{{AGGREGATING_MERGE_TREE}}', `${replicated}AggregatingMergeTree()`)
    .replace(
      /\{\{REPLACING_MERGE_TREE:([^}]+)\}\}/g,
      (_, version: string) => `${replicated}ReplacingMergeTree(${version})`,
    )
    .replace(/\{\{TTL:([^}]+)\}\}/g, (_, expression: string) =>
      retentionDays ? `TTL ${expression} + toIntervalDay(${retentionDays})` : '',
    );
}

/** Splits a schema file into statements (separated by a `;` at the end of a line). */
export function splitStatements(text: string): string[] {
  return text
    .split(/;\s*$/m)
    .map((statement) =>
      statement
        .split('\n')
        .filter((line) => !line.trim().startsWith('--'))
        .join('\n')
        .trim(),
    )
    .filter((statement) => statement.length > 0);
}
