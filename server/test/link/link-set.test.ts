import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseLinkParam } from '../../src/link/link-param.ts';
import { loadLinkSet } from '../../src/link/link-set.ts';

const pay = `name: pay
journeyKey: [payment.order_id]
steps:
  - id: charge
    match: { span: "charge*" }
`;
const refund = `name: refund
journeyKey: [refund.id, payment.order_id]
steps:
  - id: refund_request
    match: { span: "POST /refunds" }
`;

const dirs: string[] = [];
function directory(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'paylens-link-set-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadLinkSet', () => {
  it('loads one file as a set of one, its link the default', () => {
    const dir = directory({ 'pay.yaml': pay });
    const set = loadLinkSet(join(dir, 'pay.yaml'));
    expect(set.links.map((l) => l.name)).toEqual(['pay']);
    expect(set.defaultLink.name).toBe('pay');
  });

  it("loads a directory's *.yaml and *.yml files by name; the first is the default unless one says so", () => {
    const dir = directory({ 'b.yml': refund, 'a.yaml': pay, 'notes.txt': 'not a link' });
    const set = loadLinkSet(dir);
    expect(set.links.map((l) => l.name)).toEqual(['pay', 'refund']);
    expect(set.defaultLink.name).toBe('pay');
    const chosen = loadLinkSet(directory({ 'a.yaml': pay, 'b.yaml': `default: true\n${refund}` }));
    expect(chosen.defaultLink.name).toBe('refund');
  });

  it("gives every link the union of the links' journey keys, the default's first", () => {
    const set = loadLinkSet(directory({ 'a.yaml': pay, 'b.yaml': `default: true\n${refund}` }));
    expect(set.links.map((l) => l.journeyKey)).toEqual([
      ['refund.id', 'payment.order_id'],
      ['refund.id', 'payment.order_id'],
    ]);
  });

  it('refuses a duplicate name with both files and lines', () => {
    const dir = directory({ 'a.yaml': pay, 'b.yaml': `# again\n${pay}` });
    expect(() => loadLinkSet(dir)).toThrow(
      `${join(dir, 'b.yaml')}:2: name: duplicate link name 'pay' (also in ${join(dir, 'a.yaml')}:1)`,
    );
  });

  it('refuses two defaults, a name that is no slug, and an empty directory', () => {
    const two = directory({ 'a.yaml': `default: true\n${pay}`, 'b.yaml': `default: true\n${refund}` });
    expect(() => loadLinkSet(two)).toThrow(/b\.yaml:1: default: more than one default link \(pay, refund\)/);
    const bad = directory({ 'a.yaml': pay.replace('name: pay', 'name: Pay Link') });
    expect(() => loadLinkSet(bad)).toThrow(/a\.yaml:1: name: link name must be a slug/);
    expect(() => loadLinkSet(directory({}))).toThrow(/no \*\.yaml payment-link definition/);
  });

  it('names the file, line and field of an invalid value definition', () => {
    const dir = directory({ 'a.yaml': `${pay}value:\n  attribute: payment.amount\n  currency: ""\n` });
    expect(() => loadLinkSet(dir)).toThrow(/a\.yaml:8: value\.currency:/);
  });
});

describe('parseLinkParam', () => {
  const set = loadLinkSet(directory({ 'a.yaml': pay, 'b.yaml': refund }));
  it('takes the named link, the default when absent, and refuses an unknown or repeated one naming `link`', () => {
    expect(parseLinkParam({ link: 'refund' }, set).name).toBe('refund');
    expect(parseLinkParam({}, set).name).toBe('pay');
    expect(() => parseLinkParam({ link: 'nope' }, set)).toThrow(
      "parameter 'link' names no link: 'nope'; links: pay, refund",
    );
    expect(() => parseLinkParam({ link: ['pay', 'refund'] }, set)).toThrow(
      "parameter 'link' must be given once",
    );
  });
});
