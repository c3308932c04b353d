import { type ClickHouseDriver, sql, typed } from '@paylens/store';
import { insertRows } from './insert-rows.ts';
import type { AlertNotification } from './notification.ts';

export interface HistoryQuery {
  fromMs: number;
  toMs: number;
  ruleId?: string;
  limit: number;
}

/** Alert history in `paylens_alert_events`: each notified transition once (its id is deterministic). */
export class EventRepository {
  readonly #driver: ClickHouseDriver;
  constructor(driver: ClickHouseDriver) {
    this.#driver = driver;
  }

  async record(
    events: readonly { notification: AlertNotification; groupKey: string; seq: number; atMs: number }[],
  ) {
    await insertRows(
      this.#driver,
      'paylens_alert_events',
      events.map(({ notification, groupKey, seq, atMs }) => ({
        EventId: notification.eventId,
        RuleId: notification.rule.id,
        GroupKey: groupKey,
        Seq: seq,
        State: notification.state,
        AtMs: atMs,
        Value: notification.value,
        Threshold: notification.threshold,
        Notification: JSON.stringify(notification),
      })),
    );
  }

  /** Newest first. */
  async history(query: HistoryQuery): Promise<{ atMs: number; notification: AlertNotification }[]> {
    const rows = await this.#driver.query<{ AtMs: number; Notification: string }>(sql`
      SELECT any(e.AtMs) AS AtMs, any(e.Notification) AS Notification
      FROM paylens_alert_events AS e
      WHERE e.AtMs >= ${typed('Int64', query.fromMs)} AND e.AtMs < ${typed('Int64', query.toMs)}
        ${query.ruleId === undefined ? sql`` : sql`AND e.RuleId = ${query.ruleId}`}
      GROUP BY e.RuleId, e.EventId
      ORDER BY AtMs DESC, any(e.EventId)
      LIMIT ${typed('UInt32', query.limit)}`);
    return rows.map((row) => ({
      atMs: Number(row.AtMs),
      notification: JSON.parse(row.Notification) as AlertNotification,
    }));
  }
}
