export { CHANNELS, type Channel, INCIDENTS, type Incident, SERVICES, type Service } from './catalog.ts';
export { parseSimulatorFlags, SIMULATOR_FLAG_OPTIONS, type SimulatorFlags } from './flags.ts';
export { type PlanOptions, planPayment } from './payment-plan.ts';
export type { Outcome, PaymentPlan, PlannedSpan, PlannedTrace } from './plan-types.ts';
export { type Simulator, type SimulatorOptions, type SimulatorStats, startSimulator } from './simulator.ts';
