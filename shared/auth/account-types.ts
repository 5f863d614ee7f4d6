/**
 * Accounts as the REST API answers them (docs/api.md, "Accounts"): who is signed in, and
 * invitations. The names of the session cookie and of the CSRF header are part of the contract.
 */
import type { Role } from './roles.ts';

/** The session cookie (HttpOnly: pages never read it; the server sets and clears it). */
export const SESSION_COOKIE = 'carta_session';

/** The header a write authenticated by the session cookie carries, holding the session's CSRF token. */
export const CSRF_HEADER = 'X-CSRF-Token';

/** The roles an admin may invite (citizens sign up by themselves). */
export const INVITED_ROLES = ['member', 'auditor', 'admin'] as const;
export type InvitedRole = (typeof INVITED_ROLES)[number];

export function isInvitedRole(value: unknown): value is InvitedRole {
  return typeof value === 'string' && (INVITED_ROLES as readonly string[]).includes(value);
}

/** `GET /api/me`: the signed-in person; `csrfToken` only when the session cookie authenticated the request. */
export interface MeAnswer {
  id: string;
  name: string;
  role: Role;
  color: string;
  canEdit: boolean;
  csrfToken?: string;
}

/** The answer to signing up, signing in and accepting an invitation. */
export interface SignedInAnswer {
  me: MeAnswer & { csrfToken: string };
}

/** `POST /api/invitations`: the link to hand to the invitee (a path: `/invite#code=…`). */
export interface InvitationCreatedAnswer {
  id: string;
  role: InvitedRole;
  url: string;
  /** Milliseconds since 1970, UTC. */
  expiresAt: number;
}

/** `GET /api/invitations/:code`: what an invitation offers, before it is accepted. */
export interface InvitationPreviewAnswer {
  role: InvitedRole;
  /** The name the admin wrote for the invitee, or null. */
  name: string | null;
  expiresAt: number;
}

/** The page an invitation link opens; the code travels in the fragment, never to the server's logs. */
export function invitationPath(code: string): string {
  return `/invite#code=${code}`;
}
