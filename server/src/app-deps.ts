import type { ClickHouseDriver } from '@paylens/store';
import type { Logger } from 'pino';
import type { Metrics } from './http/metrics.ts';
import type { LinkDefinition } from './link/definition.ts';
import type { LinkSet } from './link/link-set.ts';

export interface AuthTokens {
  /** Bearer token for OTLP ingest. */
  ingest?: string;
  /** Bearer token for reading the API. */
  read?: string;
  /** Bearer token for alert-rule changes; also allowed to read. */
  admin?: string;
}

/** What the API needs from the running process; tests build it around a real store. */
export interface AppDeps {
  driver: ClickHouseDriver;
  /** The default link. */
  link: LinkDefinition;
  /** Every link served (`PAYLENS_LINK` a directory); absent means `link` alone. */
  links?: LinkSet;
  metrics: Metrics;
  logger: Logger;
  /** Milliseconds since the epoch; injectable so tests control "now". */
  now: () => number;
  tokens: AuthTokens;
  /** Built web app to serve at `/`, when present. */
  webDir?: string;
  /** Base URL used in links sent outside (alert payloads), e.g. https://paylens.example.com */
  publicUrl: string;
  /** API requests per second per client; 0 disables the limit. */
  apiRatePerSecond?: number;
  /** Extra readiness checks (e.g. the collector's spool), beside the store's ping. */
  readiness?: () => Promise<string | undefined>;
  /** ClickHouse cluster name (`--cluster`), for DDL the server runs itself (the link spans view). */
  cluster?: string;
}
