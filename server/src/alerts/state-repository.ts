import { type ClickHouseDriver, sql } from '@paylens/store';
import { insertRows } from './insert-rows.ts';
import { latestSql } from './latest-sql.ts';
import type { AlertNotification } from './notification.ts';
import type { AlertState, AlertStateName } from './state-machine.ts';

/** One alert's state as persisted, with the write protocol's bookkeeping. */
export interface StoredAlertState extends AlertState {
  ruleId: string;
  groupKey: string;
  /** Grows with every write of this alert; the newest row wins. */
  version: number;
  evaluatedMs: number;
  /** The last notified transition, kept until its outbox rows are written. */
  pendingEvent: AlertNotification | null;
  enqueued: boolean;
}

interface StateRow {
  RuleId: string;
  GroupKey: string;
  Version: number;
  State: AlertStateName;
  Seq: number;
  ActiveSinceMs: number | null;
  FiringSinceMs: number | null;
  ResolvedAtMs: number | null;
  Value: number | null;
  EvaluatedMs: number;
  PendingEvent: string;
  Enqueued: number;
}

const num = (value: number | string | null) => (value === null ? null : Number(value));

function fromRow(row: StateRow): StoredAlertState {
  return {
    ruleId: row.RuleId,
    groupKey: row.GroupKey,
    version: Number(row.Version),
    state: row.State,
    seq: Number(row.Seq),
    activeSinceMs: num(row.ActiveSinceMs),
    firingSinceMs: num(row.FiringSinceMs),
    resolvedAtMs: num(row.ResolvedAtMs),
    value: num(row.Value),
    evaluatedMs: Number(row.EvaluatedMs),
    pendingEvent: row.PendingEvent ? (JSON.parse(row.PendingEvent) as AlertNotification) : null,
    enqueued: Number(row.Enqueued) === 1,
  };
}

function toRow(state: StoredAlertState): StateRow {
  return {
    RuleId: state.ruleId,
    GroupKey: state.groupKey,
    Version: state.version,
    State: state.state,
    Seq: state.seq,
    ActiveSinceMs: state.activeSinceMs,
    FiringSinceMs: state.firingSinceMs,
    ResolvedAtMs: state.resolvedAtMs,
    Value: state.value !== null && Number.isFinite(state.value) ? state.value : null,
    EvaluatedMs: state.evaluatedMs,
    PendingEvent: state.pendingEvent ? JSON.stringify(state.pendingEvent) : '',
    Enqueued: state.enqueued ? 1 : 0,
  };
}

const STATE_COLUMNS = [
  'State',
  'Seq',
  'ActiveSinceMs',
  'FiringSinceMs',
  'ResolvedAtMs',
  'Value',
  'EvaluatedMs',
  'PendingEvent',
  'Enqueued',
] as const;

/** Alert states in `paylens_alert_state`: the newest version of each (rule, group). */
export class StateRepository {
  readonly #driver: ClickHouseDriver;
  constructor(driver: ClickHouseDriver) {
    this.#driver = driver;
  }

  async load(ruleIds?: readonly string[]): Promise<StoredAlertState[]> {
    const rows = await this.#driver.query<StateRow>(
      latestSql(
        'paylens_alert_state',
        ['RuleId', 'GroupKey'],
        STATE_COLUMNS,
        ruleIds === undefined ? undefined : sql`RuleId IN ${[...ruleIds]}`,
      ),
    );
    return rows.map(fromRow);
  }

  async save(states: readonly StoredAlertState[]): Promise<void> {
    await insertRows(this.#driver, 'paylens_alert_state', states.map(toRow));
  }
}
