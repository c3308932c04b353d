/** Calls observed from spans of one step (the caller) to child spans of another (the callee). */
export interface StepEdge {
  caller: string;
  callee: string;
  calls: number;
}

export interface StepBudget {
  step: string;
  timeoutMs: number | undefined;
  /** Observed p99.9 in ms, null without observations. */
  p999: number | null;
}

export type Inversion =
  | {
      kind: 'caller_budget_shorter';
      step: string;
      detail: string;
      callee: string;
      callerTimeoutMs: number;
      calleeTimeoutMs: number;
      calls: number;
    }
  | { kind: 'p999_over_budget'; step: string; detail: string; p999: number; timeoutMs: number };

/**
 * Budget inversions, the seeds of "why does it hang": a caller that gives up before its callee
 * (its budget is shorter than the callee's, so the callee keeps working for nobody), and a step
 * whose p99.9 is above its own budget (it times out routinely, not exceptionally).
 * Listed in link order: for each step, its callee inversions (by callee link order) then its own.
 */
export function findInversions(steps: readonly StepBudget[], edges: readonly StepEdge[]): Inversion[] {
  const order = new Map(steps.map((step, index) => [step.step, index]));
  const budget = new Map(steps.map((step) => [step.step, step.timeoutMs]));
  const position = (step: string) => order.get(step) ?? Number.MAX_SAFE_INTEGER;
  const result: { at: [number, number, number]; inversion: Inversion }[] = [];
  for (const edge of edges) {
    const callerTimeoutMs = budget.get(edge.caller);
    const calleeTimeoutMs = budget.get(edge.callee);
    if (callerTimeoutMs === undefined || calleeTimeoutMs === undefined) continue;
    if (!(callerTimeoutMs < calleeTimeoutMs) || edge.calls <= 0) continue;
    result.push({
      at: [position(edge.caller), 0, position(edge.callee)],
      inversion: {
        kind: 'caller_budget_shorter',
        step: edge.caller,
        detail: `${edge.caller} (timeout ${callerTimeoutMs} ms) calls ${edge.callee} (timeout ${calleeTimeoutMs} ms): the caller gives up while its callee is still working`,
        callee: edge.callee,
        callerTimeoutMs,
        calleeTimeoutMs,
        calls: edge.calls,
      },
    });
  }
  for (const step of steps) {
    if (step.timeoutMs === undefined || step.p999 === null || !(step.p999 > step.timeoutMs)) continue;
    result.push({
      at: [position(step.step), 1, 0],
      inversion: {
        kind: 'p999_over_budget',
        step: step.step,
        detail: `p99.9 of ${step.step} is ${round(step.p999)} ms, above its ${step.timeoutMs} ms timeout`,
        p999: step.p999,
        timeoutMs: step.timeoutMs,
      },
    });
  }
  return result
    .sort((a, b) => a.at[0] - b.at[0] || a.at[1] - b.at[1] || a.at[2] - b.at[2])
    .map((entry) => entry.inversion);
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
