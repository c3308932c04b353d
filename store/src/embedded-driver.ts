import { mkdirSync } from 'node:fs';
import { drainPending, Session } from 'chdb';
import {
  type ClickHouseDriver,
  type InsertRequest,
  insertSettings,
  insertShape,
  type QuerySettings,
  StoreError,
} from './driver.ts';
import { settingsClause } from './settings-clause.ts';
import type { SqlFragment } from './sql.ts';

/** Engine settings fixed at connect so both drivers return the same JSON shapes and times. */
const CONNECTION_ARGS = ['--session_timezone=UTC', '--output_format_json_quote_64bit_integers=0'];

/** ClickHouse in-process through chDB. One data directory per process (libchdb's rule). */
export class EmbeddedDriver implements ClickHouseDriver {
  readonly kind = 'embedded' as const;
  readonly #session: Session;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.#session = new Session(dataDir, { connectionArgs: CONNECTION_ARGS });
  }

  async query<Row>(query: SqlFragment, settings?: QuerySettings): Promise<Row[]> {
    const { text, params } = query.build();
    const result = await this.#run(() =>
      this.#session.queryBindAsync(text + settingsClause(settings), params, { format: 'JSONEachRow' }),
    );
    const body = result.text();
    if (body.length === 0) return [];
    return body
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Row);
  }

  async command(query: SqlFragment, settings?: QuerySettings): Promise<void> {
    const { text, params } = query.build();
    await this.#run(() => this.#session.queryBindAsync(text + settingsClause(settings), params));
  }

  async insert(request: InsertRequest): Promise<void> {
    const { format, columns } = insertShape(request);
    await this.#run(() =>
      this.#session.insert({
        table: request.table,
        values: request.body,
        format,
        ...(columns ? { columns } : {}),
        settings: insertSettings(request.deduplicationToken),
      }),
    );
  }

  async ping(): Promise<boolean> {
    try {
      await this.#session.queryAsync('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.#session.close();
    await drainPending();
  }

  async #run<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      const code = (error as { clickhouseCode?: unknown }).clickhouseCode;
      throw new StoreError((error as Error).message, typeof code === 'number' ? code : undefined, {
        cause: error,
      });
    }
  }
}
