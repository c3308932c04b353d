/**
 * Writes the Grafana dashboard for a payment-link definition:
 *   node --import tsx dashboards/grafana/generate.ts [link.yaml] [--out file.json]
 * Without --out it prints the JSON. Re-run it after changing the steps of your link.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_LINK_FILE, loadLinkFile } from '../../server/src/link/load-link.ts';
import { buildDashboard } from './dashboard.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: 'string' } } });
const link = loadLinkFile(positionals[0] ?? DEFAULT_LINK_FILE);
const json = `${JSON.stringify(buildDashboard(link), null, 2)}\n`;
if (values.out) writeFileSync(values.out, json);
else process.stdout.write(json);
