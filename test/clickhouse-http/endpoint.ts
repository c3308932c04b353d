import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { Session } from 'chdb';
import { substituteParams } from './substitute-params.ts';

/**
 * A small ClickHouse-HTTP-protocol endpoint that executes on chDB, so the server driver
 * (@clickhouse/client) is tested against a real engine. It serves what that client uses:
 * GET /ping, POST queries (text in the body), POST inserts (INSERT … FORMAT in `query`, data in
 * the body), bound parameters, settings as URL parameters, errors as HTTP 500 with
 * X-ClickHouse-Exception-Code. It can go down and come back on the same port to test outages.
 */
// HTTP-interface parameters that are not engine settings.
const NOT_SETTINGS = new Set([
  'query',
  'database',
  'query_id',
  'session_id',
  'default_format',
  'user',
  'password',
  'wait_end_of_query',
  'buffer_size',
  'compress',
  'decompress',
  'enable_http_compression',
]);
const INSERT = /^\s*INSERT\s+INTO\s+([A-Za-z0-9_.`"]+)\s*(?:\(([^)]*)\))?\s*FORMAT\s+(\w+)\s*$/i;
type InsertFormat = 'JSONEachRow' | 'JSONCompactEachRow' | 'TSV' | 'TabSeparated' | 'CSV';

export class ClickHouseHttpEndpoint {
  readonly #session: Session;
  #server: Server | undefined;
  #port = 0;
  #queue: Promise<unknown> = Promise.resolve();
  /** Requests served, for tests that want to see traffic. */
  requests = 0;

  constructor(dataDir?: string) {
    this.#session = new Session(dataDir, {
      connectionArgs: ['--session_timezone=UTC', '--output_format_json_quote_64bit_integers=0'],
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Starts listening (again on the same port after `down()`). */
  async up(): Promise<void> {
    const server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', () => resolve());
    });
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  /** Stops listening and drops open connections: clients see connection refused. */
  async down(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  async close(): Promise<void> {
    await this.down();
    await this.#queue;
    this.#session.close();
  }

  /** Runs SQL directly on the engine behind the endpoint (for test assertions). */
  async queryDirect(sqlText: string): Promise<string> {
    return (
      await this.#serialized(() => this.#session.queryAsync(sqlText, { format: 'JSONEachRow' }))
    ).text();
  }

  #serialized<T>(action: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(action, action);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests++;
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/ping') {
      res.end('Ok.\n');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const params = new Map<string, string>();
    const settings: Record<string, string> = {};
    for (const [key, value] of url.searchParams) {
      if (key.startsWith('param_')) params.set(key.slice(6), value);
      else if (!NOT_SETTINGS.has(key)) settings[key] = value;
    }
    try {
      const output = await this.#serialized(() =>
        this.#execute(url.searchParams.get('query'), body, params, settings),
      );
      const gzip =
        url.searchParams.get('enable_http_compression') === '1' &&
        /gzip/.test(String(req.headers['accept-encoding']));
      res.writeHead(200, {
        'Content-Type': 'text/plain; charset=UTF-8',
        'X-ClickHouse-Summary': '{}',
        ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
      });
      res.end(gzip ? gzipSync(output) : output);
    } catch (error) {
      const code = Number((error as { clickhouseCode?: unknown }).clickhouseCode) || 1000;
      res.writeHead(500, {
        'Content-Type': 'text/plain; charset=UTF-8',
        'X-ClickHouse-Exception-Code': String(code),
      });
      res.end(`Code: ${code}. DB::Exception: ${(error as Error).message}\n`);
    }
  }

  async #execute(
    queryParam: string | null,
    body: Buffer,
    params: ReadonlyMap<string, string>,
    settings: Record<string, string>,
  ): Promise<Buffer> {
    const insert = queryParam ? INSERT.exec(queryParam) : null;
    if (insert && body.length > 0) {
      const [, table = '', columns, format = 'JSONEachRow'] = insert;
      await this.#session.insert({
        table: table.replaceAll(/[`"]/g, ''),
        values: body,
        format: format as InsertFormat,
        columns: columns?.split(',').map((c) => c.trim().replaceAll(/[`"]/g, '')),
        settings,
      });
      return Buffer.alloc(0);
    }
    const text = queryParam ? `${queryParam}\n${body.toString('utf8')}` : body.toString('utf8');
    for (const [name, value] of Object.entries(settings)) {
      if (!/^[a-z_0-9]+$/.test(name))
        throw Object.assign(new Error(`unknown setting ${name}`), { code: 115 });
      await this.#session.queryAsync(`SET ${name} = '${value.replaceAll("'", "\\'")}'`);
    }
    const result = await this.#session.queryAsync(substituteParams(text, params), { format: 'TabSeparated' });
    return Buffer.from(result.bytes());
  }
}
