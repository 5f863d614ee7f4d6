/**
 * REST authentication: `Authorization: Bearer <token>` (scripts, sign-in links) or else the
 * session cookie (browsers that signed in with a password) resolves to an identity on
 * `res.locals`. Routes that need a user call `requireIdentity`; the policy decides what that user
 * may do. A request the cookie authenticates also carries its session there, for the CSRF guard.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Accounts } from '../auth/accounts.ts';
import { type Identity, identify } from '../auth/identity.ts';
import { type Action, may } from '../auth/policy.ts';
import type { CartaStore } from '../storage/store.ts';
import { ApiError } from './api-error.ts';
import { sessionIdFrom } from './session-cookie.ts';

export interface AuthLocals {
  identity?: Identity;
  /** Why a token that was given was refused (routes that need a user report it). */
  refusedToken?: string;
  /** Set when the session cookie authenticated the request: its secret id and its CSRF token. */
  session?: { id: string; csrfToken: string };
  /** Why a session cookie that was sent was refused (expired, signed out…). */
  refusedSession?: string;
}

function bearerToken(req: Request): string | null {
  const header = req.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

/**
 * Resolves the caller's identity when a token or a session cookie is given. A bearer token wins
 * over a cookie (a script's explicit credential, which no other site can make a browser send). A
 * bad credential does not block public routes (health, the document list); routes that need a
 * user refuse it with the reason.
 */
export function authenticate(store: CartaStore, secret: string, accounts: Accounts) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const locals = res.locals as AuthLocals;
    const token = bearerToken(req);
    if (token) {
      const who = await identify(store, secret, token);
      if (who.ok) locals.identity = who.identity;
      else locals.refusedToken = who.reason;
      return next();
    }
    const sessionId = sessionIdFrom(req);
    if (!sessionId) return next();
    const who = await accounts.identifySession(sessionId);
    if (who.ok) {
      locals.identity = who.identity;
      locals.session = { id: sessionId, csrfToken: who.csrfToken };
    } else locals.refusedSession = who.reason;
    next();
  };
}

/** The caller's identity, or a 401 when nobody is signed in. */
export function requireIdentity(res: Response): Identity {
  const { identity, refusedToken, refusedSession } = res.locals as AuthLocals;
  if (identity) return identity;
  if (refusedToken) throw new ApiError(401, 'unauthenticated', `The token was refused (${refusedToken}).`);
  if (refusedSession) throw new ApiError(401, 'unauthenticated', `Sign in again (${refusedSession}).`);
  throw new ApiError(401, 'unauthenticated', 'Sign in first (a session, or Authorization: Bearer <token>).');
}

/** The caller's identity if the policy lets them perform `action`; 401/403 otherwise. */
export function requirePermission(res: Response, action: Action): Identity {
  const identity = requireIdentity(res);
  if (!may(identity.role, action)) throw new ApiError(403, 'forbidden', `The ${identity.role} role may not do this (${action}).`);
  return identity;
}
