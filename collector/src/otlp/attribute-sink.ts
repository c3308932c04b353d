import type { AttributeMap } from '@paylens/store';
import { DROPPED_ATTRIBUTES_KEY } from './limits.ts';

/**
 * Collects one attribute map under the attribute-count limit: the first `max` attributes in arrival
 * order are kept (a repeated key overwrites, as in the exporter), the rest only counted.
 */
export class AttributeSink {
  readonly map: AttributeMap = {};
  private readonly max: number;
  private kept = 0;
  private dropped = 0;

  constructor(max: number) {
    this.max = max;
  }

  /** True when the next attribute will be dropped: callers may skip decoding it. */
  get full(): boolean {
    return this.kept >= this.max;
  }

  drop(): void {
    this.dropped++;
  }

  add(key: string, value: string): void {
    if (this.kept >= this.max) {
      this.dropped++;
      return;
    }
    this.kept++;
    setAttribute(this.map, key, value);
  }

  /** The map, with `paylens.dropped_attributes_count` when the limit dropped anything. */
  finish(): AttributeMap {
    if (this.dropped > 0) this.map[DROPPED_ATTRIBUTES_KEY] = String(this.dropped);
    return this.map;
  }
}

/** Sets a key on a plain-object map; `__proto__` is stored as data, not as the prototype. */
export function setAttribute(map: AttributeMap, key: string, value: string): void {
  if (key === '__proto__') {
    Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    map[key] = value;
  }
}
