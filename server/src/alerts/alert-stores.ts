import type { ClickHouseDriver } from '@paylens/store';
import { DeliveryLog } from './delivery-log.ts';
import { EventRepository } from './event-repository.ts';
import { OutboxRepository } from './outbox-repository.ts';
import { RuleRepository } from './rule-repository.ts';
import { StateRepository } from './state-repository.ts';

/** Every table alerting reads and writes, over one driver. */
export interface AlertStores {
  rules: RuleRepository;
  states: StateRepository;
  outbox: OutboxRepository;
  events: EventRepository;
  deliveryLog: DeliveryLog;
}

export function alertStores(driver: ClickHouseDriver): AlertStores {
  return {
    rules: new RuleRepository(driver),
    states: new StateRepository(driver),
    outbox: new OutboxRepository(driver),
    events: new EventRepository(driver),
    deliveryLog: new DeliveryLog(driver),
  };
}
