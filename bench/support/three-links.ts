import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createLinkSet, type LinkSet } from '../../server/src/link/link-set.ts';
import { DEMO_LINKS_DIR, loadLinkFiles } from '../../server/src/link/load-link.ts';
import { linkDirectory } from '../../test/support/two-links.ts';

const REFUND_LINK_FILE = join(DEMO_LINKS_DIR, 'refund-link.yaml');

/**
 * The links the benchmarks run with several links: the payment link (the default), a settlement
 * link whose steps are some of the payment link's spans (each of them a step of two links), and the
 * demo's refund link (steps of spans of their own).
 */
export function threeLinkDirectory(): string {
  const dir = linkDirectory({ settlement: true });
  copyFileSync(REFUND_LINK_FILE, join(dir, 'c-refund.yaml'));
  return dir;
}

/** The same links as a set, the first `count` of them (1 to 3). */
export function benchLinks(count: number): LinkSet {
  const dir = threeLinkDirectory();
  const loaded = loadLinkFiles(dir).slice(0, count);
  rmSync(dir, { recursive: true, force: true });
  if (loaded.length < count) throw new Error(`${count} links asked, ${loaded.length} there`);
  return createLinkSet(loaded);
}
