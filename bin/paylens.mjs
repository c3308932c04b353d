#!/usr/bin/env node
// paylens launcher: runs the TypeScript CLI (server/src/cli.ts) through tsx, with no build step.
// It also maps the workspace packages (@paylens/store, …) onto their sources, so the same files
// run from a clone, a Docker image or the published package (`npx paylens`), which ships no
// node_modules/@paylens links.
import { existsSync } from 'node:fs';
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

const root = new URL('../', import.meta.url);

// Hooks run last-registered first: this one rewrites @paylens/<pkg>[/<module>], tsx compiles .ts.
registerTsx();
const workspaceResolver = `
let root;
export function initialize(data) { root = data.root; }
export function resolve(specifier, context, next) {
  const match = /^@paylens\\/(store|collector|server)(?:\\/([\\w./-]+))?$/.exec(specifier);
  if (!match) return next(specifier, context);
  return next(new URL(match[1] + '/src/' + (match[2] ?? 'index') + '.ts', root).href, context);
}`;
register(`data:text/javascript,${encodeURIComponent(workspaceResolver)}`, import.meta.url, {
  data: { root: root.href },
});

// In a clone (the only place with scripts/), build the web app first when it is missing or older
// than its sources, as `npm start` does; a failed build still starts paylens, which says what to do.
const buildWeb = new URL('scripts/build-web-if-stale.ts', root);
if (existsSync(buildWeb)) {
  try {
    await import(buildWeb.href);
  } catch (error) {
    console.error(`paylens: building the web app failed: ${error instanceof Error ? error.message : error}`);
  }
}

await import(new URL('server/src/cli.ts', root).href);
