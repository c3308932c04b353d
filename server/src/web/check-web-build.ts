import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { BUILD_WEB_COMMAND } from './missing-web-page.ts';
import { webBuildState } from './web-build-state.ts';

/** Says at start, in one line, when the web app cannot be served as its sources stand, and the fix. */
export function checkWebBuild(webDir: string, logger: Logger): void {
  const state = webBuildState(dirname(webDir));
  if (state === 'missing') {
    logger.warn(
      { webDir },
      `web app not built: the dashboard shows how to build it; run \`${BUILD_WEB_COMMAND}\` (or start with \`npm start\`)`,
    );
  } else if (state === 'stale') {
    // Still served; worth a word to whoever changed web/src and wonders why nothing moved.
    logger.info({ webDir }, `web app older than its sources in web/: \`${BUILD_WEB_COMMAND}\` rebuilds it`);
  }
}
