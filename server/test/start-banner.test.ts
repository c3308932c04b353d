import { resolve } from 'node:path';
import { resolveStoreTarget } from '@paylens/store';
import { describe, expect, it } from 'vitest';
import { startBanner } from '../src/start-banner.ts';

describe('startBanner', () => {
  it('names the dashboard, the OTLP endpoint, the embedded data folder and the link file', () => {
    expect(
      startBanner({
        apiUrl: 'http://127.0.0.1:8080',
        otlpUrl: 'http://127.0.0.1:4318',
        target: resolveStoreTarget({ PAYLENS_DATA_DIR: './data' }),
        linkFile: 'dashboards/payment-link.yaml',
      }),
    ).toEqual({
      dashboard: 'http://127.0.0.1:8080/',
      otlp: 'http://127.0.0.1:4318 (OTLP/HTTP: /v1/traces, /v1/logs, /v1/logs/ndjson)',
      store: `embedded ClickHouse in ${resolve('data/clickhouse')}`,
      link: resolve('dashboards/payment-link.yaml'),
    });
  });

  it('names a ClickHouse server without its credentials, and leaves out what this mode does not run', () => {
    const banner = startBanner({
      otlpUrl: 'http://0.0.0.0:4318',
      target: resolveStoreTarget({ CLICKHOUSE_URL: 'http://paylens:s3cret-pw@ch.internal:8123/otel' }),
      linkFile: '/etc/paylens/link.yaml',
    });
    expect(banner).toEqual({
      otlp: 'http://0.0.0.0:4318 (OTLP/HTTP: /v1/traces, /v1/logs, /v1/logs/ndjson)',
      store: 'ClickHouse server http://ch.internal:8123/ database otel',
      link: '/etc/paylens/link.yaml',
    });
    expect(JSON.stringify(banner)).not.toContain('s3cret');
  });
});
