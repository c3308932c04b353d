// `npm start` and `npm run demo` run this first: it builds the web app when web/dist is missing or
// older than its sources (a fresh clone, a pull), and costs a directory walk otherwise. Building
// only then also leaves web/dist alone while browser tests read it.
import { fileURLToPath } from 'node:url';
import { webBuildState } from '../server/src/web/web-build-state.ts';

const WEB_ROOT = fileURLToPath(new URL('../web/', import.meta.url));

const state = webBuildState(WEB_ROOT);
if (state !== 'fresh') {
  console.error(
    `paylens: building the web app (web/dist ${state === 'missing' ? 'missing' : 'older than web/src'})`,
  );
  // Loaded only now: the published package ships web/dist built and has no Vite.
  const { build } = await import('vite');
  await build({ configFile: `${WEB_ROOT}vite.config.ts`, logLevel: 'warn' });
}
