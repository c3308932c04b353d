import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkSchema } from '../server/src/link/definition.ts';
import { LinkDefinitionError, parseLink } from '../server/src/link/load-link.ts';
import { LINK_TEXT, yamlishText } from './support/yamlish.ts';

// The payment-link loader on random YAML-ish text: a valid definition, or a LinkDefinitionError that
// names the file and a line — never another exception, never a hang. Long run: bench/fuzz-api.ts.
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);

function expectLoaderContract(text: string): void {
  const started = performance.now();
  try {
    const link = parseLink(text, 'link.yaml');
    expect(linkSchema.safeParse(link).success).toBe(true);
  } catch (error) {
    if (!(error instanceof LinkDefinitionError))
      throw new Error(`not a LinkDefinitionError: ${String(error)}`);
    expect(error.message).toMatch(/link\.yaml:\d+/);
  }
  expect(performance.now() - started).toBeLessThan(2000);
}

describe('payment-link loader fuzzing', () => {
  it('accepts the real definition', () => {
    expect(parseLink(LINK_TEXT, 'link.yaml').steps.length).toBeGreaterThan(0);
  });

  it('throws only LinkDefinitionError (naming file and line) on YAML-ish text', () => {
    fc.assert(fc.property(yamlishText, expectLoaderContract), { numRuns: RUNS });
  });

  it('refuses an alias without its anchor with a LinkDefinitionError', () => {
    expect(() => parseLink('name: *nope\nsteps: []\n', 'link.yaml')).toThrow(LinkDefinitionError);
  });

  it('refuses a billion-laughs document with a LinkDefinitionError', () => {
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [from, to] of ['ab', 'bc', 'cd', 'de', 'ef'] as const) {
      laughs.push(`${to}: &${to} [${Array(9).fill(`*${from}`).join(', ')}]`);
    }
    expect(() => parseLink(laughs.join('\n'), 'link.yaml')).toThrow(LinkDefinitionError);
  });
});
