import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ApiError } from './api-error.ts';

/** Maps thrown errors to `{ error: { code, message } }`; never leaks a stack trace. */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    if (error instanceof ApiError) {
      res.status(error.status).json({ error: { code: error.code, message: error.message } });
      return;
    }
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // body-parser and friends: malformed JSON, payload too large…
      const type = (error as { type?: unknown }).type;
      res.status(status).json({
        error: { code: typeof type === 'string' ? type : 'bad_request', message: (error as Error).message },
      });
      return;
    }
    logger.error({ err: error }, 'request failed');
    res.status(500).json({ error: { code: 'internal', message: 'internal error; see the server log' } });
  };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json({ error: { code: 'not_found', message: `no route for ${req.method} ${req.path}` } });
};
