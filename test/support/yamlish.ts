import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { stringify } from 'yaml';

/**
 * YAML-ish text for fuzzing the payment-link loader: the real definition with random edits, random
 * YAML documents (valid YAML, arbitrary structure), near-miss link definitions, and soups of YAML's
 * own syntax (anchors, aliases, tags, merge keys, directives, block scalars, deep nesting).
 */
export const LINK_TEXT = readFileSync(new URL('../../dashboards/payment-link.yaml', import.meta.url), 'utf8');

const TOKENS = [
  '&a ',
  '*a',
  '&b [*a, *a, *a]',
  '!!str ',
  '!!int ',
  '!!binary ',
  '!!python/object:os.system ',
  '!<tag:yaml.org,2002:str> ',
  '<<: ',
  '? ',
  '- ',
  ': ',
  '{',
  '}',
  '[',
  ']',
  ',',
  '|',
  '>-',
  '%YAML 1.1\n',
  '%TAG ! tag:x,2000:\n',
  '---\n',
  '...\n',
  '\t',
  '  ',
  '\n',
  '#',
  '"',
  "'",
  '\\',
  '\u0000',
  '\uFEFF',
  'id: ',
  'steps:',
  'match: ',
  'timeoutMs: ',
  'journeyKey: ',
  'dimensions: ',
  'name: ',
  '1e400',
  '-.inf',
  '.nan',
  '0x1F',
  'null',
  '~',
  'yes',
  'n',
  '__proto__',
  'constructor',
  '支付',
];

type Edit = { at: number; remove: number; insert: string };

const editArbitrary: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 20 }),
  insert: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 }), fc.constant('')),
});

const mutatedLink = fc.array(editArbitrary, { minLength: 1, maxLength: 6 }).map((edits) =>
  edits.reduce((text, edit) => {
    const at = edit.at % (text.length + 1);
    return text.slice(0, at) + edit.insert + text.slice(at + edit.remove);
  }, LINK_TEXT),
);

const step = fc.record(
  {
    id: fc.oneof(fc.constantFrom('create_order', 'risk_check', 'Bad-ID', ''), fc.string()),
    title: fc.oneof(fc.string(), fc.integer()),
    match: fc.oneof(
      fc.record(
        { service: fc.string(), span: fc.string(), kind: fc.constantFrom('client', 'server', 'CLIENT', 'x') },
        { requiredKeys: [] },
      ),
      fc.anything(),
    ),
    timeoutMs: fc.oneof(fc.double(), fc.integer(), fc.string()),
    sloP99Ms: fc.oneof(fc.double(), fc.constant(null)),
  },
  { requiredKeys: [] },
);

const nearMissLink = fc
  .record(
    {
      name: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
      journeyKey: fc.oneof(fc.array(fc.string()), fc.string()),
      dimensions: fc.oneof(fc.array(fc.string(), { maxLength: 20 }), fc.anything()),
      steps: fc.oneof(fc.array(step, { maxLength: 70 }), fc.anything()),
      extra: fc.anything(),
    },
    { requiredKeys: [] },
  )
  .map((value) => String(stringify(value) ?? ''));

const tokenSoup = fc
  .array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 5 })), { maxLength: 40 })
  .map((parts) => parts.join(''));

const deepNesting = fc
  .tuple(fc.constantFrom('[', '{', '- ', '  a:\n'), fc.integer({ min: 100, max: 5000 }))
  .map(([open, depth]) => open.repeat(depth));

export const yamlishText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: mutatedLink },
  { weight: 2, arbitrary: nearMissLink },
  { weight: 2, arbitrary: fc.anything().map((value) => String(stringify(value) ?? '')) },
  { weight: 2, arbitrary: tokenSoup },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
);
