import type { SqlFragment } from './sql.ts';

/** Settings passed with a single query or insert (values are ClickHouse setting values). */
export type QuerySettings = Record<string, string | number | boolean>;

export interface InsertRequest {
  table: string;
  /**
   * One row per line: JSON objects (JSONEachRow), or with `columns` JSON arrays of those columns'
   * values (JSONCompactEachRow).
   */
  body: Buffer;
  /** Names the columns of array rows; identifiers from code, never from input. */
  columns?: readonly string[];
  /** Makes a retried insert of the same batch a no-op (ClickHouse insert deduplication). */
  deduplicationToken?: string;
}

/** The one seam to ClickHouse: embedded chDB or a server over HTTP, same behaviour. */
export interface ClickHouseDriver {
  readonly kind: 'embedded' | 'server';
  /** Runs a SELECT and returns its rows (JSONEachRow, 64-bit integers as strings). */
  query<Row>(query: SqlFragment, settings?: QuerySettings): Promise<Row[]>;
  /** Runs a statement that returns nothing useful (DDL, ALTER, OPTIMIZE). */
  command(query: SqlFragment, settings?: QuerySettings): Promise<void>;
  /** Synchronous, deduplicated insert: resolves only once the rows are stored. */
  insert(request: InsertRequest): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export class StoreError extends Error {
  readonly code: number | undefined;
  constructor(message: string, code: number | undefined, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'StoreError';
  }
}

/** Column names as ClickHouse writes them unquoted (Nested columns with a dot included). */
const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/** The insert's format and column list, the columns checked against COLUMN_NAME. */
export function insertShape(request: InsertRequest): {
  format: 'JSONEachRow' | 'JSONCompactEachRow';
  columns?: readonly string[];
} {
  if (!request.columns) return { format: 'JSONEachRow' };
  for (const column of request.columns) {
    if (!COLUMN_NAME.test(column)) throw new Error(`invalid column name for an insert: ${column}`);
  }
  return { format: 'JSONCompactEachRow', columns: request.columns };
}

/** Settings applied to every insert so an acknowledged insert is really stored exactly once. */
export function insertSettings(deduplicationToken: string | undefined): QuerySettings {
  // Synchronous everywhere: no async-insert buffer, and on a cluster a Distributed table forwards
  // to the shards before answering, so an acknowledged batch is on a replica's disk.
  const settings: QuerySettings = {
    async_insert: 0,
    insert_deduplicate: 1,
    distributed_foreground_insert: 1,
    // The materialized views of one insert run side by side rather than one after another: the
    // insert is ingest's critical path, and a second core is often free meanwhile (≈ 4% end to end
    // in bench/ingest.bench.ts, interleaved runs).
    parallel_view_processing: 1,
  };
  if (deduplicationToken) settings.insert_deduplication_token = deduplicationToken;
  return settings;
}
