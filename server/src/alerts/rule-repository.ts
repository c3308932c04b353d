import { type ClickHouseDriver, sql } from '@paylens/store';
import { parseRuleDuration } from './duration.ts';
import { insertRows } from './insert-rows.ts';
import { latestSql } from './latest-sql.ts';
import type { AlertRule, AlertRuleInput } from './rule-types.ts';

interface RuleRow {
  RuleId: string;
  Version: number;
  Deleted: number;
  Body: string;
  CreatedMs: number;
  UpdatedMs: number;
}

/** The rule as stored: input and identity; window and `for` in milliseconds are derived on read. */
function fromRow(row: RuleRow): AlertRule {
  const input = JSON.parse(row.Body) as AlertRuleInput;
  return {
    ...input,
    id: row.RuleId,
    version: Number(row.Version),
    windowMs: parseRuleDuration(input.window) ?? 0,
    ...(input.shortWindow === undefined ? {} : { shortWindowMs: parseRuleDuration(input.shortWindow) ?? 0 }),
    forMs: parseRuleDuration(input.for) ?? 0,
    createdAt: new Date(Number(row.CreatedMs)).toISOString(),
    updatedAt: new Date(Number(row.UpdatedMs)).toISOString(),
  };
}

export function ruleInputOf(rule: AlertRule): AlertRuleInput {
  const {
    id: _id,
    version: _v,
    windowMs: _w,
    shortWindowMs: _s,
    forMs: _f,
    createdAt: _c,
    updatedAt: _u,
    ...input
  } = rule;
  return input;
}

/** Alert rules in `paylens_alert_rules`: every save appends the next version; the newest wins. */
export class RuleRepository {
  readonly #driver: ClickHouseDriver;
  constructor(driver: ClickHouseDriver) {
    this.#driver = driver;
  }

  async list(): Promise<AlertRule[]> {
    return (await this.#latest())
      .map(fromRow)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async get(id: string): Promise<AlertRule | undefined> {
    const [row] = await this.#latest(id);
    return row ? fromRow(row) : undefined;
  }

  /** The newest stored version of each of these rules, deleted ones included (to retire them). */
  async lastStored(ids: readonly string[]): Promise<AlertRule[]> {
    if (ids.length === 0) return [];
    const latest = latestSql(
      'paylens_alert_rules',
      ['RuleId'],
      ['Deleted', 'Body', 'CreatedMs', 'UpdatedMs'],
      sql`RuleId IN ${[...ids]}`,
    );
    return (await this.#driver.query<RuleRow>(latest)).map(fromRow);
  }

  /** Stores `input` as version `version` of rule `id`. */
  async save(
    id: string,
    version: number,
    input: AlertRuleInput,
    createdMs: number,
    nowMs: number,
  ): Promise<AlertRule> {
    const row: RuleRow = {
      RuleId: id,
      Version: version,
      Deleted: 0,
      Body: JSON.stringify(input),
      CreatedMs: createdMs,
      UpdatedMs: nowMs,
    };
    await insertRows(this.#driver, 'paylens_alert_rules', [row]);
    return fromRow(row);
  }

  async remove(rule: AlertRule, nowMs: number): Promise<void> {
    const row: RuleRow = {
      RuleId: rule.id,
      Version: rule.version + 1,
      Deleted: 1,
      Body: JSON.stringify(ruleInputOf(rule)),
      CreatedMs: Date.parse(rule.createdAt),
      UpdatedMs: nowMs,
    };
    await insertRows(this.#driver, 'paylens_alert_rules', [row]);
  }

  /** The newest version of each rule (or of one), deleted ones left out. */
  async #latest(id?: string): Promise<RuleRow[]> {
    const latest = latestSql(
      'paylens_alert_rules',
      ['RuleId'],
      ['Deleted', 'Body', 'CreatedMs', 'UpdatedMs'],
      id === undefined ? undefined : sql`RuleId = ${id}`,
    );
    return this.#driver.query<RuleRow>(sql`SELECT * FROM (${latest}) WHERE Deleted = 0`);
  }
}
