/**
 * Who is asking: resolves a bearer token to a stored user. Used by the REST middleware and the
 * websocket upgrade alike (cookie sessions resolve in accounts.ts).
 */
import type { Role } from '../../shared/auth/roles.ts';
import { colorForUser } from '../../shared/auth/user-colors.ts';
import type { CartaStore, UserRecord } from '../storage/store.ts';
import { verifyToken } from './tokens.ts';

export interface Identity {
  userId: string;
  name: string;
  role: Role;
  color: string;
}

export type IdentityResult = { ok: true; identity: Identity } | { ok: false; reason: string };

/** The identity of a stored user (the colour is derived from the id, so it is the same everywhere). */
export function identityOf(user: UserRecord): Identity {
  return { userId: user.id, name: user.name, role: user.role, color: colorForUser(user.id) };
}

/** Resolves a token to the identity of a stored user (the role comes from the store, not the token). */
export async function identify(store: CartaStore, secret: string, token: string | null | undefined, now = Date.now()): Promise<IdentityResult> {
  if (!token) return { ok: false, reason: 'missing token' };
  const check = verifyToken(secret, token, now);
  if (!check.ok) return { ok: false, reason: check.reason };
  const user = await store.getUser(check.payload.sub);
  if (!user) return { ok: false, reason: 'unknown user' };
  return { ok: true, identity: identityOf(user) };
}
