/**
 * Bounds on what one item may carry, so a hostile or buggy sender cannot blow up rows, memory or
 * ClickHouse parts. Everything past a limit is dropped deterministically (in arrival order) and
 * counted on the row under the `paylens.dropped_*` attributes, so nothing is lost silently.
 */
export interface DecodeLimits {
  /** Attributes kept per span, log record, event, link, scope and resource; later ones are dropped. */
  maxAttributes: number;
  /** Longest attribute key kept, in UTF-16 code units; longer keys are truncated. */
  maxAttributeKeyLength: number;
  /**
   * Longest attribute value kept, in UTF-16 code units (arrays and maps count as their JSON text);
   * longer values are truncated. Also bounds span names, status messages and trace states.
   */
  maxAttributeValueLength: number;
  /** Events kept per span. */
  maxEvents: number;
  /** Links kept per span. */
  maxLinks: number;
  /** Longest log body kept, in UTF-16 code units. */
  maxBodyLength: number;
  /** Deepest nesting of arrays and key-value lists inside one value; deeper is a malformed request. */
  maxDepth: number;
}

export const DEFAULT_LIMITS: Readonly<DecodeLimits> = Object.freeze({
  maxAttributes: 256,
  maxAttributeKeyLength: 1024,
  maxAttributeValueLength: 16 * 1024,
  maxEvents: 128,
  maxLinks: 128,
  maxBodyLength: 64 * 1024,
  maxDepth: 32,
});

/** Added to an attribute map when the attribute limit dropped some: how many. */
export const DROPPED_ATTRIBUTES_KEY = 'paylens.dropped_attributes_count';
/** Added to a span's attributes when the event limit dropped some: how many. */
export const DROPPED_EVENTS_KEY = 'paylens.dropped_events_count';
/** Added to a span's attributes when the link limit (or a malformed link id) dropped some: how many. */
export const DROPPED_LINKS_KEY = 'paylens.dropped_links_count';
