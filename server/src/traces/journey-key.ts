import { badRequest } from '../http/api-error.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** A journey key value (an order id…): any text a bound parameter can carry, of sane length. */
export function parseJourneyKey(name: string, value: unknown): string {
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > 256 ||
    CONTROL_CHARACTERS.test(value)
  ) {
    throw badRequest(`parameter '${name}' must be a journey key of 1 to 256 printable characters`);
  }
  return value;
}
