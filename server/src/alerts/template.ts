/**
 * Body templates: text with `{{ path }}` and `{{ json path }}` holes over the generic payload's
 * `data`. Paths are dotted; a key that itself holds dots (`dimensions.payment.channel`) is found by
 * trying the longest key first. Logic-less on purpose: nothing in a template can run code.
 *
 * `{{ path }}` inserts the value as text. In a JSON body (`escape: 'json'`) that text is escaped for a
 * JSON string, so a dimension value with a quote cannot break the document; `{{ json path }}` inserts
 * the value as a JSON value (quotes included).
 */

const HOLE = /\{\{([^{}]*)\}\}/g;
const HOLE_BODY = /^\s*(?:(json)\s+)?([A-Za-z0-9_.-]+)\s*$/;

export type TemplateEscape = 'json' | 'text';

/** Why the template cannot be rendered, or undefined when it is well formed. */
export function templateProblem(template: string): string | undefined {
  const withoutHoles = template.replace(HOLE, (hole, body: string) => (HOLE_BODY.test(body) ? '' : hole));
  const bad = /\{\{([^{}]*)\}\}/.exec(withoutHoles);
  if (bad) return `'{{${bad[1]}}}' is not '{{ path }}' or '{{ json path }}'`;
  if (withoutHoles.includes('{{') || withoutHoles.includes('}}'))
    return "has an unclosed '{{' or a stray '}}'";
  return undefined;
}

export function lookupPath(context: unknown, path: string): unknown {
  const parts = path.split('.');
  let value: unknown = context;
  let i = 0;
  while (i < parts.length) {
    if (value === null || typeof value !== 'object') return undefined;
    const record = value as Record<string, unknown>;
    let found = false;
    for (let end = parts.length; end > i; end--) {
      const key = parts.slice(i, end).join('.');
      if (Object.hasOwn(record, key)) {
        value = record[key];
        i = end;
        found = true;
        break;
      }
    }
    if (!found) return undefined;
  }
  return value;
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function renderTemplate(template: string, context: unknown, escaping: TemplateEscape): string {
  return template.replace(HOLE, (hole, body: string) => {
    const match = HOLE_BODY.exec(body);
    if (!match) return hole;
    const value = lookupPath(context, match[2]!);
    if (match[1] === 'json') return JSON.stringify(value ?? null);
    const text = asText(value);
    return escaping === 'json' ? JSON.stringify(text).slice(1, -1) : text;
  });
}
