import type { ClickHouseDriver } from '@paylens/store';
import type { Logger } from 'pino';
import { type RowLayout, SPOOL_COLUMNS, type SpoolTable } from './spool/record-format.ts';
import type { SealedSegment, Spool } from './spool/spool.ts';

export interface ShipperHooks {
  onInserted?: (table: SpoolTable, rows: number, seconds: number) => void;
  onFailure?: (error: unknown) => void;
}

const MAX_BACKOFF_MS = 5_000;

/**
 * An idle shipper inserts what arrived at once, but starts inserts at least this far apart, so a
 * trickle of small requests does not become a part per request in every table.
 */
export const MIN_INSERT_INTERVAL_MS = 200;

/**
 * Moves sealed spool segments into ClickHouse, oldest first, one insert per table per segment.
 * Batches adapt to the engine: when idle it seals the open segment and inserts it; while an insert
 * runs, arriving rows gather in the open segment (up to its size or age), so under load inserts grow
 * large, which costs ClickHouse far less per row, and at low load rows are stored within moments.
 * The segment name is the deduplication token, so a replay after a crash stores nothing twice.
 * On failure it retries the same segment with backoff; acknowledged data stays on disk meanwhile.
 */
export class Shipper {
  readonly #spool: Spool;
  readonly #driver: ClickHouseDriver;
  readonly #logger: Logger;
  readonly #hooks: ShipperHooks;
  #running: Promise<void> | undefined;
  #stopped = false;
  #wake: (() => void) | undefined;
  #failures = 0;
  #prepared: { segment: SealedSegment; inserts: Promise<SegmentInsert[]> } | undefined;
  #lastInsertAt = 0;
  /** The segment being inserted, while it is. */
  #shipping: SealedSegment | undefined;
  readonly #idleWaiters: (() => void)[] = [];

  constructor(spool: Spool, driver: ClickHouseDriver, logger: Logger, hooks: ShipperHooks = {}) {
    this.#spool = spool;
    this.#driver = driver;
    this.#logger = logger;
    this.#hooks = hooks;
    spool.onSealed = () => {
      this.#readAhead();
      this.#wake?.();
    };
    spool.onAppended = () => this.#wake?.();
  }

  /** Consecutive failed inserts (0 when healthy). */
  get failures(): number {
    return this.#failures;
  }

  start(): void {
    this.#running ??= this.#loop();
  }

  /** Ships everything sealed so far, then stops. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#running;
  }

  /** Resolves once every segment sealed before the call is stored (or the shipper stopped). */
  async drain(): Promise<void> {
    await this.#spool.sealNow();
    if (this.#spool.sealedSegments.length === 0) return;
    await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
  }

  async #loop(): Promise<void> {
    for (;;) {
      const segment = this.#spool.sealedSegments[0];
      if (!segment) {
        for (const resolve of this.#idleWaiters.splice(0)) resolve();
        if (this.#stopped) return;
        if (this.#spool.openBytes > 0) {
          const waitMs = this.#lastInsertAt + MIN_INSERT_INTERVAL_MS - Date.now();
          if (waitMs <= 0) this.#spool.requestSeal();
          await this.#idle(waitMs > 0 ? waitMs : undefined);
          continue;
        }
        await this.#idle();
        continue;
      }
      try {
        await this.#ship(segment);
        this.#failures = 0;
      } catch (error) {
        this.#failures++;
        this.#hooks.onFailure?.(error);
        this.#logger.warn(
          { err: error, segment: segment.name, attempt: this.#failures },
          'insert failed; will retry',
        );
        if (this.#stopped && this.#failures > 3) {
          for (const resolve of this.#idleWaiters.splice(0)) resolve();
          return;
        }
        const delay = Math.min(MAX_BACKOFF_MS, 50 * 2 ** this.#failures) * (0.5 + Math.random() / 2);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** Waits for a sealed or appended segment, a stop, or `ms`. */
  async #idle(ms?: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.#wake = resolve;
      if (ms !== undefined) timer = setTimeout(resolve, ms);
    });
    clearTimeout(timer);
    this.#wake = undefined;
  }

  async #ship(segment: SealedSegment): Promise<void> {
    this.#lastInsertAt = Date.now();
    const inserts = await this.#insertsOf(segment);
    this.#shipping = segment;
    this.#readAhead();
    try {
      await this.#insert(segment, inserts);
    } finally {
      this.#shipping = undefined;
    }
    await this.#spool.remove(segment);
  }

  /**
   * Reads the segment after the one being inserted, now or as soon as it is sealed: under load the
   * event loop is busy decoding requests, and a read begun only after the insert would wait behind
   * them.
   */
  #readAhead(): void {
    const [current, next] = this.#spool.sealedSegments;
    if (!this.#shipping || current !== this.#shipping || !next || this.#prepared) return;
    const prepared = this.#read(next);
    prepared.catch(() => undefined); // Surfaces when it is shipped (and read again then).
    this.#prepared = { segment: next, inserts: prepared };
  }

  async #insert(segment: SealedSegment, inserts: SegmentInsert[]): Promise<void> {
    for (const { table, layout, body, rows } of inserts) {
      const started = performance.now();
      await this.#driver.insert({
        table,
        body,
        ...(layout === 'columns' ? { columns: SPOOL_COLUMNS[table] } : {}),
        // A segment written before array rows keeps the token it was (maybe) inserted under.
        deduplicationToken:
          layout === 'objects' ? `${segment.name}:${table}` : `${segment.name}:${table}:columns`,
      });
      this.#hooks.onInserted?.(table, rows, (performance.now() - started) / 1000);
    }
  }

  /** The segment's inserts, read ahead while the one before was stored, or read now. */
  #insertsOf(segment: SealedSegment): Promise<SegmentInsert[]> {
    const prepared = this.#prepared;
    this.#prepared = undefined;
    return prepared?.segment === segment ? prepared.inserts : this.#read(segment);
  }

  /** One insert per table and row layout, in the order their records were appended. */
  async #read(segment: SealedSegment): Promise<SegmentInsert[]> {
    const records = await this.#spool.records(segment);
    const batches = new Map<
      string,
      { table: SpoolTable; layout: RowLayout; payloads: Buffer[]; rows: number }
    >();
    for (const record of records) {
      const key = `${record.table}:${record.layout}`;
      const batch = batches.get(key) ?? { table: record.table, layout: record.layout, payloads: [], rows: 0 };
      batch.payloads.push(record.payload);
      batch.rows += record.rows;
      batches.set(key, batch);
    }
    return [...batches.values()].map(({ table, layout, payloads, rows }) => ({
      table,
      layout,
      rows,
      body: Buffer.concat(payloads),
    }));
  }
}

interface SegmentInsert {
  table: SpoolTable;
  layout: RowLayout;
  body: Buffer;
  rows: number;
}
