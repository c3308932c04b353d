/** The command that builds the web app into web/dist. */
export const BUILD_WEB_COMMAND = 'npm run build:web';

/**
 * What `/` answers when the web app is not built: a page (no script, no style, so the CSP holds)
 * saying why and how to fix it, instead of the API's JSON 404.
 */
export const MISSING_WEB_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <title>paylens: web app not built</title>
  </head>
  <body>
    <h1>paylens is running, but its web app is not built</h1>
    <p>Run <code>${BUILD_WEB_COMMAND}</code> in the paylens folder (or start paylens with <code>npm start</code>,
    which builds it first), then reload this page.</p>
    <p>The API answers meanwhile under <a href="/api/v1/link">/api/v1</a>.</p>
  </body>
</html>
`;
