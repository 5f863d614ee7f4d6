/**
 * Cross-site request forgery guard. A browser sends the session cookie with requests that other
 * sites' pages make, so a write the cookie authenticates must prove it comes from Carta's own
 * pages: its `Origin` (when the browser sends one) is this server, and it carries the session's
 * CSRF token as `X-CSRF-Token` (which only Carta's pages can read, from `GET /api/me` or a sign-in
 * answer). Requests with a bearer token need neither: no browser attaches that on its own.
 * Signing up, in and accepting an invitation start a session rather than use one: they check the
 * origin only (`requireOwnOrigin`, in their routes), so no other site can sign a visitor into an
 * account of its choosing.
 */
import type { NextFunction, Request, Response } from 'express';
import { CSRF_HEADER } from '../../shared/auth/account-types.ts';
import type { Accounts } from '../auth/accounts.ts';
import { originIsOurs } from '../auth/same-origin.ts';
import { ApiError } from './api-error.ts';
import type { AuthLocals } from './authentication.ts';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Under /api: the routes that start a session (they check the origin themselves). */
const SESSION_STARTS = new Set(['/auth/signup', '/auth/login', '/invitations/accept']);

function startsSession(path: string): boolean {
  // Express matches paths case-insensitively and with or without a final slash; so does this.
  return SESSION_STARTS.has(path.toLowerCase().replace(/\/+$/, ''));
}

function foreignOrigin(): ApiError {
  return new ApiError(403, 'csrf', 'This request came from another site (its Origin is not this server).');
}

/** Refuses a request whose Origin header names another site. */
export function requireOwnOrigin(req: Request, publicUrl: string): void {
  if (!originIsOurs(req.get('origin'), req.get('host'), publicUrl)) throw foreignOrigin();
}

/** The middleware, after authentication: every write the session cookie authenticates is checked. */
export function csrfGuard(accounts: Accounts, publicUrl: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const { session } = res.locals as AuthLocals;
    if (!session || !WRITES.has(req.method) || startsSession(req.path)) return next();
    if (!originIsOurs(req.get('origin'), req.get('host'), publicUrl)) return next(foreignOrigin());
    if (!accounts.csrfTokenMatches(session.id, req.get(CSRF_HEADER))) {
      return next(new ApiError(403, 'csrf', `A write signed in by the session cookie needs the session's ${CSRF_HEADER} header (from GET /api/me).`));
    }
    next();
  };
}
