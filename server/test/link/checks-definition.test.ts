import { describe, expect, it } from 'vitest';
import { funnelSteps, linkChecks } from '../../src/link/definition.ts';
import { parseLink } from '../../src/link/load-link.ts';

const LINK = `name: tcc
steps:
  - id: try
    match: { span: "inventory.try" }
  - id: confirm
    match: { span: "inventory.confirm" }
  - id: cancel
    match: { span: "inventory.cancel" }
    inFunnel: false
checks:
`;

const refused = (checks: string) => {
  try {
    parseLink(LINK + checks, 'link.yaml');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('accepted');
};

describe('checks in a link definition', () => {
  it('parses the five kinds, severity warning by default, and steps left out of the funnel', () => {
    const link = parseLink(
      `${LINK}  - { id: a, kind: atMostOnce, step: confirm, severity: critical }
  - { id: b, kind: notAfter, step: cancel, after: confirm }
  - { id: c, kind: requires, step: cancel, requires: try }
  - { id: d, kind: maxAttempts, step: confirm, max: 3 }
  - { id: e, kind: followedBy, step: try, then: confirm, withinMs: 60000 }
`,
      'link.yaml',
    );
    expect(linkChecks(link).map((c) => [c.id, c.kind, c.severity])).toEqual([
      ['a', 'atMostOnce', 'critical'],
      ['b', 'notAfter', 'warning'],
      ['c', 'requires', 'warning'],
      ['d', 'maxAttempts', 'warning'],
      ['e', 'followedBy', 'warning'],
    ]);
    expect(funnelSteps(link).map((s) => s.id)).toEqual(['try', 'confirm']);
  });

  it('refuses an unknown step or kind and a missing field with file, line and field', () => {
    expect(refused('  - { id: a, kind: atMostOnce, step: pay }\n')).toContain(
      "link.yaml:11: checks.0.step: unknown step 'pay'",
    );
    expect(refused('  - { id: a, kind: exactlyOnce, step: try }\n')).toContain(
      'link.yaml:11: checks.0.kind: kind must be one of',
    );
    expect(refused('  - { id: a, kind: notAfter, step: cancel }\n')).toMatch(
      /link\.yaml:11: checks\.0\.after: /,
    );
    expect(refused('  - id: a\n    kind: followedBy\n    step: try\n    then: confirm\n')).toMatch(
      /link\.yaml:11: checks\.0\.withinMs: /,
    );
    expect(refused('  - id: a\n    kind: requires\n    step: cancel\n    requires: refund\n')).toContain(
      "link.yaml:14: checks.0.requires: unknown step 'refund'",
    );
    expect(
      refused('  - { id: a, kind: atMostOnce, step: try }\n  - { id: a, kind: atMostOnce, step: try }\n'),
    ).toContain("checks.1.id: duplicate check id 'a'");
  });
});
