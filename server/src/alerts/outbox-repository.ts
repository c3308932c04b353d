import { type ClickHouseDriver, sql } from '@paylens/store';
import { insertRows } from './insert-rows.ts';
import { latestSql } from './latest-sql.ts';

/** pending → delivered | failed (rejected by the receiver) | dead (gave up) | disabled (receiver gone). */
export type OutboxStatus = 'pending' | 'delivered' | 'failed' | 'dead' | 'disabled';

export interface OutboxEntry {
  receiverKey: string;
  webhookId: string;
  /** Orders one receiver's queue (the transition's time, epoch ms), ties broken by webhookId. */
  seq: number;
  ruleId: string;
  eventId: string;
  url: string;
  receiverName: string;
  contentType: string;
  body: string;
  headers: Record<string, string>;
  secret: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptMs: number;
  createdMs: number;
  updatedMs: number;
  lastStatusCode: number;
  lastError: string;
  version: number;
}

interface OutboxRow {
  ReceiverKey: string;
  WebhookId: string;
  Seq: number;
  RuleId: string;
  EventId: string;
  Url: string;
  ReceiverName: string;
  ContentType: string;
  Body: string;
  Headers: string;
  Secret: string;
  Status: OutboxStatus;
  Attempts: number;
  NextAttemptMs: number;
  CreatedMs: number;
  UpdatedMs: number;
  LastStatusCode: number;
  LastError: string;
  Version: number;
}

const COLUMNS = [
  'Seq',
  'RuleId',
  'EventId',
  'Url',
  'ReceiverName',
  'ContentType',
  'Body',
  'Headers',
  'Secret',
  'Status',
  'Attempts',
  'NextAttemptMs',
  'CreatedMs',
  'UpdatedMs',
  'LastStatusCode',
  'LastError',
] as const;

function toRow(entry: OutboxEntry): OutboxRow {
  return {
    ReceiverKey: entry.receiverKey,
    WebhookId: entry.webhookId,
    Seq: entry.seq,
    RuleId: entry.ruleId,
    EventId: entry.eventId,
    Url: entry.url,
    ReceiverName: entry.receiverName,
    ContentType: entry.contentType,
    Body: entry.body,
    Headers: JSON.stringify(entry.headers),
    Secret: entry.secret,
    Status: entry.status,
    Attempts: entry.attempts,
    NextAttemptMs: entry.nextAttemptMs,
    CreatedMs: entry.createdMs,
    UpdatedMs: entry.updatedMs,
    LastStatusCode: entry.lastStatusCode,
    LastError: entry.lastError,
    Version: entry.version,
  };
}

function fromRow(row: OutboxRow): OutboxEntry {
  return {
    receiverKey: row.ReceiverKey,
    webhookId: row.WebhookId,
    seq: Number(row.Seq),
    ruleId: row.RuleId,
    eventId: row.EventId,
    url: row.Url,
    receiverName: row.ReceiverName,
    contentType: row.ContentType,
    body: row.Body,
    headers: JSON.parse(row.Headers || '{}') as Record<string, string>,
    secret: row.Secret,
    status: row.Status,
    attempts: Number(row.Attempts),
    nextAttemptMs: Number(row.NextAttemptMs),
    createdMs: Number(row.CreatedMs),
    updatedMs: Number(row.UpdatedMs),
    lastStatusCode: Number(row.LastStatusCode),
    lastError: row.LastError,
    version: Number(row.Version),
  };
}

/**
 * The webhook outbox in `paylens_webhook_outbox`. Enqueued rows are version 1; each delivery step
 * appends version + 1. Re-enqueueing an id after a crash therefore never undoes a delivery.
 */
export class OutboxRepository {
  readonly #driver: ClickHouseDriver;
  constructor(driver: ClickHouseDriver) {
    this.#driver = driver;
  }

  async enqueue(entries: readonly OutboxEntry[]): Promise<void> {
    await insertRows(
      this.#driver,
      'paylens_webhook_outbox',
      entries.map((entry) => toRow({ ...entry, version: 1, status: 'pending', attempts: 0 })),
    );
  }

  /** Appends the entry's next state (its `version` must exceed the stored one). */
  async record(entries: readonly OutboxEntry[]): Promise<void> {
    await insertRows(this.#driver, 'paylens_webhook_outbox', entries.map(toRow));
  }

  /** Every entry still to deliver, in per-receiver order. */
  async pending(): Promise<OutboxEntry[]> {
    const rows = await this.#driver.query<OutboxRow>(sql`
      SELECT * FROM (${latestSql('paylens_webhook_outbox', ['ReceiverKey', 'WebhookId'], COLUMNS)})
      WHERE Status = 'pending'
      ORDER BY ReceiverKey, Seq, WebhookId`);
    return rows.map(fromRow);
  }

  /** The newest state of the deliveries of the given events (for the alert history). */
  async ofEvents(eventIds: readonly string[]): Promise<OutboxEntry[]> {
    if (eventIds.length === 0) return [];
    const rows = await this.#driver.query<OutboxRow>(sql`
      SELECT * FROM (${latestSql('paylens_webhook_outbox', ['ReceiverKey', 'WebhookId'], COLUMNS, sql`t.EventId IN ${[...eventIds]}`)})
      ORDER BY Seq, ReceiverKey`);
    return rows.map(fromRow);
  }
}
