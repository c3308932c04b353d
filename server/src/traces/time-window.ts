/** An exact time window [fromNs, toNs] over span start times. */
export interface NanoWindow {
  fromNs: bigint;
  toNs: bigint;
}

/** The window covering them all: earliest start to latest end. */
export function coveringWindow(windows: readonly NanoWindow[]): NanoWindow | undefined {
  const [first, ...rest] = windows;
  if (!first) return undefined;
  let { fromNs, toNs } = first;
  for (const window of rest) {
    if (window.fromNs < fromNs) fromNs = window.fromNs;
    if (window.toNs > toNs) toNs = window.toNs;
  }
  return { fromNs, toNs };
}
