/** Load generators for the load, soak and chaos scripts: bounded in time, loopback only. */

export interface IngestStats {
  statuses: Map<number | 'error', number>;
  acknowledgedSpans: number;
}

/**
 * Sends the payloads round-robin until `deadline` (ms since epoch) from `workers` loops.
 * With `spansPerSecond`, paces the total rate; otherwise sends as fast as answers come.
 * `onAcknowledged` receives the index of each payload answered 200.
 */
export async function ingestLoad(options: {
  url: () => string;
  payloads: readonly Buffer[];
  spansPerPayload: readonly number[];
  workers: number;
  deadline: number;
  spansPerSecond?: number;
  onAcknowledged?: (payloadIndex: number) => void;
}): Promise<IngestStats> {
  const stats: IngestStats = { statuses: new Map(), acknowledgedSpans: 0 };
  const started = Date.now();
  let next = 0;
  let sentSpans = 0;
  const count = (key: number | 'error') => stats.statuses.set(key, (stats.statuses.get(key) ?? 0) + 1);
  const worker = async () => {
    while (Date.now() < options.deadline) {
      if (options.spansPerSecond) {
        const dueMs = started + (sentSpans / options.spansPerSecond) * 1000;
        if (dueMs > Date.now()) await new Promise((resolve) => setTimeout(resolve, dueMs - Date.now()));
      }
      const index = next++ % options.payloads.length;
      sentSpans += options.spansPerPayload[index]!;
      try {
        const response = await fetch(`${options.url()}/v1/traces`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-protobuf' },
          body: options.payloads[index]!,
          signal: AbortSignal.timeout(30_000),
        });
        await response.arrayBuffer();
        count(response.status);
        if (response.status === 200) {
          stats.acknowledgedSpans += options.spansPerPayload[index]!;
          options.onAcknowledged?.(index);
        } else {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } catch {
        count('error');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  await Promise.all(Array.from({ length: options.workers }, worker));
  return stats;
}

/** Queries API paths in a loop until `deadline`, returning each request's latency in ms. */
export async function apiLoad(options: {
  url: string;
  paths: readonly string[];
  workers: number;
  deadline: number;
}) {
  const latencies: number[] = [];
  let failures = 0;
  let i = 0;
  const worker = async () => {
    while (Date.now() < options.deadline) {
      const path = options.paths[i++ % options.paths.length]!;
      const started = performance.now();
      try {
        const response = await fetch(`${options.url}${path}`);
        await response.arrayBuffer();
        if (response.status === 200) latencies.push(performance.now() - started);
        else failures++;
      } catch {
        failures++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.workers }, worker));
  return { latencies, failures };
}
