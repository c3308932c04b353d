import type { AttributeMap, LogRow, SpanRow } from '@paylens/store';

/**
 * Masks sensitive values before they are stored: attributes whose key matches a configured
 * pattern are replaced whole; card numbers (Luhn-valid 13–19 digits), e-mail addresses and phone
 * numbers are masked inside any attribute value, status message and log body.
 */
export interface RedactionRules {
  /** Attribute keys to mask whole; `*` matches any run of characters. */
  keys: readonly string[];
  cardNumbers: boolean;
  emails: boolean;
  phones: boolean;
}

export const DEFAULT_REDACTION: RedactionRules = {
  keys: [
    '*password*',
    '*secret*',
    '*token*',
    'authorization',
    'http.request.header.authorization',
    'card.number',
    '*.cvv',
    '*pan',
  ],
  cardNumbers: true,
  emails: true,
  phones: true,
};

export const MASK = '[REDACTED]';

const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const PHONE = /(?<![\w.])\+\d{1,3}[ -]?\d{2,4}[ -]?\d{3,4}[ -]?\d{3,4}(?![\w.])/g;

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

export type Redactor = {
  spans(rows: SpanRow[]): void;
  logs(rows: LogRow[]): void;
};

/** Builds a redactor that rewrites rows in place (they are fresh from the decoder). */
export function createRedactor(rules: RedactionRules): Redactor {
  const keyPatterns = rules.keys.map(globToRegExp);
  const keyVerdicts = new Map<string, boolean>();
  const sensitiveKey = (key: string): boolean => {
    let verdict = keyVerdicts.get(key);
    if (verdict === undefined) {
      verdict = keyPatterns.some((pattern) => pattern.test(key));
      if (keyVerdicts.size < 10_000) keyVerdicts.set(key, verdict);
    }
    return verdict;
  };
  const text = (value: string): string => {
    // Cheap pre-checks: most values contain neither digits runs nor '@'.
    let out = value;
    if (rules.cardNumbers && /\d{4}/.test(out)) {
      out = out.replace(CARD, (match) => (luhnValid(match.replace(/[ -]/g, '')) ? MASK : match));
    }
    if (rules.emails && out.includes('@')) out = out.replace(EMAIL, MASK);
    if (rules.phones && out.includes('+')) out = out.replace(PHONE, MASK);
    return out;
  };
  const attributes = (map: AttributeMap): void => {
    for (const key in map) map[key] = sensitiveKey(key) ? MASK : text(map[key] as string);
  };
  return {
    spans(rows) {
      for (const row of rows) {
        attributes(row.SpanAttributes);
        attributes(row.ResourceAttributes);
        for (const eventAttributes of row['Events.Attributes']) attributes(eventAttributes);
        row.StatusMessage = text(row.StatusMessage);
      }
    },
    logs(rows) {
      for (const row of rows) {
        attributes(row.LogAttributes);
        attributes(row.ResourceAttributes);
        row.Body = text(row.Body);
      }
    },
  };
}
