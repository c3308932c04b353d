import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDriver } from '../src/embedded-driver.ts';
import { driverSuite } from './driver-suite.ts';

const dir = mkdtempSync(join(tmpdir(), 'paylens-embedded-'));
driverSuite(
  'embedded (chDB)',
  async () => new EmbeddedDriver(dir),
  async () => rmSync(dir, { recursive: true, force: true }),
);
