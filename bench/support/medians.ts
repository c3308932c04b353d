/**
 * Medians of `runs` interleaved runs (a, b, a, b…) after a warm-up of each, so that load on the
 * machine hits every action alike.
 */
export async function medians(actions: (() => Promise<unknown>)[], runs: number): Promise<number[]> {
  for (const action of actions) await action();
  const samples: number[][] = actions.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [k, action] of actions.entries()) {
      const started = performance.now();
      await action();
      samples[k]!.push(performance.now() - started);
    }
  }
  return samples.map((list) => list.sort((a, b) => a - b)[Math.floor((list.length - 1) / 2)]!);
}
