import type { QuerySettings } from './driver.ts';

const SETTING_NAME = /^[a-z_][a-z0-9_]*$/;

/** Renders per-query settings as a trailing SETTINGS clause; names and values come from code. */
export function settingsClause(settings: QuerySettings | undefined): string {
  if (!settings) return '';
  const parts = Object.entries(settings).map(([name, value]) => {
    if (!SETTING_NAME.test(name)) throw new Error(`invalid setting name: ${name}`);
    if (typeof value === 'string' && !/^[A-Za-z0-9_.:-]*$/.test(value)) {
      throw new Error(`invalid value for setting ${name}`);
    }
    return `${name} = ${typeof value === 'string' ? `'${value}'` : Number(value)}`;
  });
  return parts.length > 0 ? ` SETTINGS ${parts.join(', ')}` : '';
}
