import { describe, expect, it } from 'vitest';
import { lookupPath, renderTemplate, templateProblem } from '../../src/alerts/template.ts';

const context = {
  state: 'firing',
  value: 1523.5,
  dimensions: { 'payment.channel': 'pay"pal' },
  samples: [{ traceId: 'abc', url: 'http://x/traces/abc' }],
  rule: { name: 'p99 <slow>' },
};

describe('lookupPath', () => {
  it('walks dotted paths, array indexes and keys holding dots', () => {
    expect(lookupPath(context, 'rule.name')).toBe('p99 <slow>');
    expect(lookupPath(context, 'samples.0.traceId')).toBe('abc');
    expect(lookupPath(context, 'dimensions.payment.channel')).toBe('pay"pal');
    expect(lookupPath(context, 'rule.missing')).toBeUndefined();
    expect(lookupPath(context, 'value.deeper')).toBeUndefined();
  });
});

describe('renderTemplate', () => {
  it('escapes text holes for a JSON string and inserts json holes as values', () => {
    const template =
      '{"text":"{{rule.name}} on {{ dimensions.payment.channel }}","v":{{json value}},"s":{{json samples}}}';
    const body = renderTemplate(template, context, 'json');
    expect(JSON.parse(body)).toEqual({
      text: 'p99 <slow> on pay"pal',
      v: 1523.5,
      s: [{ traceId: 'abc', url: 'http://x/traces/abc' }],
    });
  });

  it('inserts raw text for text bodies and nothing for missing values', () => {
    expect(renderTemplate('{{state}}: {{dimensions.payment.channel}} [{{nope}}]', context, 'text')).toBe(
      'firing: pay"pal []',
    );
    expect(renderTemplate('{{json nope}}', context, 'json')).toBe('null');
  });
});

describe('templateProblem', () => {
  it('accepts well-formed templates', () => {
    expect(templateProblem('{"a": {{json value}}, "b": "{{ rule.name }}"}')).toBeUndefined();
    expect(templateProblem('no holes at all')).toBeUndefined();
  });
  it('names malformed holes', () => {
    expect(templateProblem('{{ rule.name | upper }}')).toBe(
      "'{{ rule.name | upper }}' is not '{{ path }}' or '{{ json path }}'",
    );
    expect(templateProblem('{{ rule.name ')).toBe("has an unclosed '{{' or a stray '}}'");
    expect(templateProblem('x }} y')).toBe("has an unclosed '{{' or a stray '}}'");
  });
});
