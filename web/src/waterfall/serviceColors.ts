/**
 * Colours per service: a hash picks a palette slot so a service keeps its colour from trace to
 * trace, and collisions inside one trace probe to the next free slot so neighbours stay distinct.
 * Beyond the palette, extra services get a hashed hue. No pure red: red means error on this page.
 */
export const SERVICE_PALETTE = [
  '#1f77b4',
  '#e8710a',
  '#2ca02c',
  '#9467bd',
  '#8c6d31',
  '#17becf',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#393b79',
  '#0b8457',
] as const;

/** FNV-1a, 32-bit: a small stable hash for strings. */
export function hashString(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Colour for each service; `services` in any order (sorted here so the result does not depend on it). */
export function assignServiceColors(services: Iterable<string>): Map<string, string> {
  const unique = [...new Set(services)].sort();
  const colors = new Map<string, string>();
  const taken = new Set<number>();
  for (const service of unique) {
    if (taken.size >= SERVICE_PALETTE.length) {
      colors.set(service, `hsl(${hashString(service) % 360} 55% 45%)`);
      continue;
    }
    let slot = hashString(service) % SERVICE_PALETTE.length;
    while (taken.has(slot)) slot = (slot + 1) % SERVICE_PALETTE.length;
    taken.add(slot);
    colors.set(service, SERVICE_PALETTE[slot]!);
  }
  return colors;
}
