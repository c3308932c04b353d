import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClickHouseDriver } from '@paylens/store';
import type { Logger } from 'pino';
import type { Decoders } from './decoders.ts';
import { createReceiver, type ReceiverOptions } from './http/receiver.ts';
import type { IngestObserver } from './ingest-observer.ts';
import { Shipper } from './shipper.ts';
import { Spool, type SpoolOptions } from './spool/spool.ts';

export interface CollectorOptions {
  spool: SpoolOptions;
  receiver: ReceiverOptions;
}

export interface Collector {
  /** Handles OTLP routes; returns false for any other path. */
  receive(req: IncomingMessage, res: ServerResponse): boolean;
  spool: Spool;
  shipper: Shipper;
  /** Resolves once everything acknowledged so far is stored in ClickHouse. */
  drain(): Promise<void>;
  /** Stops taking data, stores what is spooled (best effort) and stops the shipper. */
  close(): Promise<void>;
}

/** Opens the spool (replaying what an earlier run left), starts shipping, returns the receiver. */
export async function startCollector(
  driver: ClickHouseDriver,
  decoders: Decoders,
  observer: IngestObserver,
  logger: Logger,
  options: CollectorOptions,
): Promise<Collector> {
  const spool = await Spool.open(options.spool);
  if (spool.sealedSegments.length > 0) {
    logger.info(
      { segments: spool.sealedSegments.length, bytes: spool.diskBytes },
      'replaying spool from an earlier run',
    );
  }
  const shipper = new Shipper(spool, driver, logger, {
    onInserted: (table, rows, seconds) => observer.inserted(table, rows, seconds),
    onFailure: () => observer.insertFailed(),
  });
  shipper.start();
  const receive = createReceiver(spool, decoders, observer, options.receiver);
  return {
    receive,
    spool,
    shipper,
    drain: () => shipper.drain(),
    async close() {
      await spool.close();
      await shipper.stop();
    },
  };
}
