import { ClickHouseHttpEndpoint } from '../../test/clickhouse-http/endpoint.ts';
import { ServerDriver } from '../src/server-driver.ts';
import { driverSuite } from './driver-suite.ts';

// The server driver over the ClickHouse HTTP protocol, against a test endpoint executing on chDB.
const endpoint = new ClickHouseHttpEndpoint();
driverSuite(
  'server (@clickhouse/client)',
  async () => {
    await endpoint.up();
    return new ServerDriver({ url: endpoint.url });
  },
  () => endpoint.close(),
);
