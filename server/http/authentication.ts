/**
 * REST authentication: `Authorization: Bearer <token>` resolves to an identity on `res.locals`.
 * Routes that need a user call `requireIdentity`; the policy decides what that user may do.
 */
import type { NextFunction, Request, Response } from 'express';
import { type Identity, identify } from '../auth/identity.ts';
import { type Action, may } from '../auth/policy.ts';
import type { CartaStore } from '../storage/store.ts';
import { ApiError } from './api-error.ts';

export interface AuthLocals {
  identity?: Identity;
  /** Why a token that was given was refused (routes that need a user report it). */
  refusedToken?: string;
}

function bearerToken(req: Request): string | null {
  const header = req.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

/**
 * Resolves the caller's identity when a token is given. A bad token does not block public routes
 * (health, the document list); routes that need a user refuse it with the reason.
 */
export function authenticate(store: CartaStore, secret: string) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const token = bearerToken(req);
    if (!token) return next();
    const who = await identify(store, secret, token);
    if (who.ok) (res.locals as AuthLocals).identity = who.identity;
    else (res.locals as AuthLocals).refusedToken = who.reason;
    next();
  };
}

/** The caller's identity, or a 401 when nobody is signed in. */
export function requireIdentity(res: Response): Identity {
  const { identity, refusedToken } = res.locals as AuthLocals;
  if (identity) return identity;
  if (refusedToken) throw new ApiError(401, 'unauthenticated', `The token was refused (${refusedToken}).`);
  throw new ApiError(401, 'unauthenticated', 'Sign in first (Authorization: Bearer <token>).');
}

/** The caller's identity if the policy lets them perform `action`; 401/403 otherwise. */
export function requirePermission(res: Response, action: Action): Identity {
  const identity = requireIdentity(res);
  if (!may(identity.role, action)) throw new ApiError(403, 'forbidden', `The ${identity.role} role may not do this (${action}).`);
  return identity;
}
