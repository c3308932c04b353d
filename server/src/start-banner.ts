import { resolve } from 'node:path';
import type { StoreTarget } from '@paylens/store';

export interface BannerInput {
  apiUrl?: string;
  otlpUrl?: string;
  target: StoreTarget;
  linkFile: string;
}

/**
 * What a person needs once paylens is up: where to look, where to send, where data lives and which
 * link definition is active. Logged as one entry; pretty logs print each field on its own line.
 */
export function startBanner(input: BannerInput): Record<string, string> {
  const banner: Record<string, string> = {};
  if (input.apiUrl) banner.dashboard = `${input.apiUrl}/`;
  if (input.otlpUrl) banner.otlp = `${input.otlpUrl} (OTLP/HTTP: /v1/traces, /v1/logs, /v1/logs/ndjson)`;
  banner.store = describeStore(input.target);
  banner.link = resolve(input.linkFile);
  return banner;
}

/** The store without credentials: resolveStoreTarget keeps user and password out of the URL. */
function describeStore(target: StoreTarget): string {
  if (target.kind === 'embedded') return `embedded ClickHouse in ${resolve(target.dataDir)}`;
  const database = target.database ? ` database ${target.database}` : '';
  return `ClickHouse server ${target.url}${database}`;
}
