/**
 * REST refusals: `{ "error": "<stable-id>", "message": "<human text>" }` with the right status.
 * Routes throw ApiError; the error middleware turns it (and anything unexpected) into a response.
 */
import type { NextFunction, Request, Response } from 'express';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string): ApiError => new ApiError(404, 'not-found', `${what} not found`);

/** Answers a known path asked with a method it does not support. */
export function methodNotAllowed(allowed: string) {
  return (req: Request, res: Response): void => {
    res.setHeader('Allow', allowed);
    res.status(405).json({ error: 'method-not-allowed', message: `${req.method} is not supported here; use ${allowed}.` });
  };
}

/** The last middleware: every error leaves as JSON with a stable id; unexpected ones are logged. */
export function errorMiddleware(log: (message: string) => void) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (error instanceof ApiError) {
      res.status(error.status).json({ error: error.id, message: error.message });
      return;
    }
    const status = typeof error === 'object' && error !== null && 'status' in error ? Number((error as { status: unknown }).status) : 500;
    if (status >= 400 && status < 500) {
      // express/body-parser client errors, under Carta's own stable ids.
      const type = (error as { type?: unknown }).type;
      const id = type === 'entity.parse.failed' ? 'bad-json' : type === 'entity.too.large' ? 'too-large' : 'bad-request';
      res.status(status).json({ error: id, message: id === 'bad-json' ? jsonRefusal(error) : (error as Error).message });
      return;
    }
    log(`unexpected error on ${req.method} ${req.originalUrl}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    res.status(500).json({ error: 'internal', message: 'Something went wrong on the server; it has been logged.' });
  };
}

/**
 * Why a JSON body was refused. The parser takes only objects and arrays and words a valid `null`,
 * `42` or `"text"` as "… is not valid JSON", which is false and sends people looking for a typo.
 */
function jsonRefusal(error: unknown): string {
  const raw = (error as { body?: unknown }).body;
  if (typeof raw === 'string') {
    try {
      const value: unknown = JSON.parse(raw);
      const what = value === null ? 'null' : typeof value === 'string' ? 'a string' : typeof value === 'number' ? 'a number' : typeof value === 'boolean' ? `${String(value)}` : 'not an object';
      return `The body is JSON ${what}; this route takes a JSON object ({…}) or array ([…]).`;
    } catch {
      // really not JSON: the parser's own message says where it breaks
    }
  }
  return `The body is not valid JSON: ${(error as Error).message}`;
}
