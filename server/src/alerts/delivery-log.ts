import { type ClickHouseDriver, sql } from '@paylens/store';
import { insertRows } from './insert-rows.ts';

export interface DeliveryAttempt {
  webhookId: string;
  receiverKey: string;
  attempt: number;
  atMs: number;
  outcome: 'delivered' | 'retry' | 'gone' | 'rejected' | 'refused' | 'error';
  statusCode: number;
  error: string;
  durationMs: number;
}

/** Attempts (append-only) and receivers disabled by 410 Gone. */
export class DeliveryLog {
  readonly #driver: ClickHouseDriver;
  constructor(driver: ClickHouseDriver) {
    this.#driver = driver;
  }

  async recordAttempts(attempts: readonly DeliveryAttempt[]): Promise<void> {
    await insertRows(
      this.#driver,
      'paylens_webhook_attempts',
      attempts.map((a) => ({
        WebhookId: a.webhookId,
        ReceiverKey: a.receiverKey,
        Attempt: a.attempt,
        AtMs: a.atMs,
        Outcome: a.outcome,
        StatusCode: a.statusCode,
        Error: a.error,
        DurationMs: a.durationMs,
      })),
    );
  }

  async attemptsOf(webhookIds: readonly string[]): Promise<DeliveryAttempt[]> {
    if (webhookIds.length === 0) return [];
    const rows = await this.#driver.query<Record<string, string | number>>(sql`
      SELECT WebhookId, ReceiverKey, Attempt, AtMs, Outcome, StatusCode, Error, DurationMs
      FROM paylens_webhook_attempts WHERE WebhookId IN ${[...webhookIds]}
      ORDER BY WebhookId, Attempt, AtMs
      LIMIT 1 BY WebhookId, Attempt`);
    return rows.map((row) => ({
      webhookId: String(row.WebhookId),
      receiverKey: String(row.ReceiverKey),
      attempt: Number(row.Attempt),
      atMs: Number(row.AtMs),
      outcome: row.Outcome as DeliveryAttempt['outcome'],
      statusCode: Number(row.StatusCode),
      error: String(row.Error),
      durationMs: Number(row.DurationMs),
    }));
  }

  /** Receivers currently disabled, with the reason. */
  async disabledReceivers(): Promise<Map<string, string>> {
    const rows = await this.#driver.query<{ ReceiverKey: string; Disabled: number; Reason: string }>(sql`
      SELECT ReceiverKey, argMax(Disabled, UpdatedMs) AS Disabled, argMax(Reason, UpdatedMs) AS Reason
      FROM paylens_webhook_receivers GROUP BY ReceiverKey`);
    return new Map(
      rows.filter((row) => Number(row.Disabled) === 1).map((row) => [row.ReceiverKey, row.Reason]),
    );
  }

  async setReceiverDisabled(
    receivers: readonly { receiverKey: string; ruleId: string; url: string }[],
    disabled: boolean,
    reason: string,
    nowMs: number,
  ): Promise<void> {
    await insertRows(
      this.#driver,
      'paylens_webhook_receivers',
      receivers.map((receiver) => ({
        ReceiverKey: receiver.receiverKey,
        RuleId: receiver.ruleId,
        Url: receiver.url,
        Disabled: disabled ? 1 : 0,
        Reason: reason,
        UpdatedMs: nowMs,
      })),
    );
  }
}
