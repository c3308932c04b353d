import { Readable } from 'node:stream';
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import {
  type ClickHouseDriver,
  type InsertRequest,
  insertSettings,
  insertShape,
  type QuerySettings,
  StoreError,
} from './driver.ts';
import type { SqlFragment } from './sql.ts';

export interface ServerDriverOptions {
  url: string;
  username?: string;
  password?: string;
  database?: string;
  requestTimeoutMs?: number;
}

const SESSION_SETTINGS = { session_timezone: 'UTC', output_format_json_quote_64bit_integers: 0 } as const;

/** A ClickHouse server over HTTP through @clickhouse/client. Deliberately thin. */
export class ServerDriver implements ClickHouseDriver {
  readonly kind = 'server' as const;
  readonly #client: ClickHouseClient;

  constructor(options: ServerDriverOptions) {
    this.#client = createClient({
      url: options.url,
      username: options.username,
      password: options.password,
      database: options.database,
      request_timeout: options.requestTimeoutMs ?? 30_000,
      clickhouse_settings: SESSION_SETTINGS,
    });
  }

  async query<Row>(query: SqlFragment, settings?: QuerySettings): Promise<Row[]> {
    const { text, params } = query.build();
    return this.#run(async () => {
      const result = await this.#client.query({
        query: text,
        query_params: params,
        format: 'JSONEachRow',
        clickhouse_settings: settings,
      });
      return result.json<Row>();
    });
  }

  async command(query: SqlFragment, settings?: QuerySettings): Promise<void> {
    const { text, params } = query.build();
    await this.#run(() =>
      this.#client.command({ query: text, query_params: params, clickhouse_settings: settings }),
    );
  }

  async insert(request: InsertRequest): Promise<void> {
    const settings = insertSettings(request.deduplicationToken);
    const { format, columns } = insertShape(request);
    const columnList = columns ? ` (${columns.join(', ')})` : '';
    await this.#run(() =>
      this.#client
        .exec({
          query: `INSERT INTO ${request.table}${columnList} FORMAT ${format}`,
          values: Readable.from([request.body], { objectMode: false }),
          // The answer comes only after the insert (and its materialized views) finished.
          clickhouse_settings: { ...settings, wait_end_of_query: 1 },
        })
        .then((result) => result.stream.resume()),
    );
  }

  async ping(): Promise<boolean> {
    const result = await this.#client.ping();
    return result.success;
  }

  async close(): Promise<void> {
    await this.#client.close();
  }

  async #run<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      const code = Number((error as { code?: unknown }).code);
      throw new StoreError((error as Error).message, Number.isFinite(code) ? code : undefined, {
        cause: error,
      });
    }
  }
}
