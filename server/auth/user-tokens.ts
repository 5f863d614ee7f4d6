/**
 * Sign-in tokens for named users: the user is found by name and role (or created), so issuing a new
 * token for the same person keeps their history under one identity.
 */
import { randomBytes } from 'node:crypto';
import type { Role } from '../../shared/auth/roles.ts';
import type { CartaStore, UserRecord } from '../storage/store.ts';
import { issueToken } from './tokens.ts';

export const DEFAULT_TOKEN_DAYS = 30;

export interface IssuedToken {
  user: UserRecord;
  token: string;
  expiresAt: Date;
}

/** Issues a token for the user with this name and role, creating the user if there is none. */
export async function tokenForUser(
  store: CartaStore,
  secret: string,
  who: { name: string; role: Role; id?: string },
  days = DEFAULT_TOKEN_DAYS,
  now = Date.now(),
): Promise<IssuedToken> {
  const existing = who.id ? await store.getUser(who.id) : await store.findUser(who.name, who.role);
  const user = existing ?? (await store.ensureUser({ id: who.id ?? `usr_${randomBytes(6).toString('hex')}`, name: who.name, role: who.role }, now));
  const token = issueToken(secret, user.id, now, days);
  await store.appendAudit({ at: now, actorId: 'system', action: 'token.issue', subject: user.id, detail: { days } });
  return { user, token, expiresAt: new Date(now + days * 86_400_000) };
}

/** The link that signs a browser in (the token travels in the fragment, never to the server's logs). */
export function signInLink(baseUrl: string, token: string, docId?: string): string {
  const page = docId ? `/d/${encodeURIComponent(docId)}` : '/';
  return `${baseUrl.replace(/\/$/, '')}${page}#token=${token}`;
}
