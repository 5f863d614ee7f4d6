/**
 * The account calls: signing up, in and out, changing the password, and invitations (looking one
 * up, accepting it, an admin creating one). Signing in by any of these sets the session cookie
 * (HttpOnly: this code never sees it) and answers who is now signed in, with the session's CSRF
 * token, which the page keeps for its writes. Answers are checked here; callers trust the types.
 */
import { ApiError, csrfTokenOf, type Fetch, isRecord, type Me, parseMe, requestJson, type Role } from './api-client.ts';
import type { InvitedRole } from '../../shared/auth/account-types.ts';
import { isRole } from '../../shared/auth/roles.ts';
import { rememberCsrfToken } from './csrf-token.ts';

export interface SignUpRequest {
  email: string;
  name: string;
  password: string;
}

export interface SignInRequest {
  email: string;
  password: string;
}

export interface PasswordChange {
  current: string;
  next: string;
}

/** An invitation as the invitee sees it before accepting: the role and whom it is for. */
export interface InvitationSummary {
  role: Role;
  /** The name the admin wrote for the invitee ('' when none). */
  name: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

export interface InvitationAcceptance {
  code: string;
  email: string;
  name: string;
  password: string;
}

export interface InvitationRequest {
  role: InvitedRole;
  name?: string;
  email?: string;
}

/** A new invitation: the link to hand to the invitee. */
export interface CreatedInvitation {
  id: string;
  role: Role;
  /** The link, absolute (the server may answer a path; it is resolved against this site). */
  url: string;
  expiresAt: number;
}

function bad(what: string): ApiError {
  return new ApiError('bad-response', 200, `unexpected answer: ${what}`);
}

/** A time as the server may write it (milliseconds or an ISO string); NaN when it is neither. */
function timeOf(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') return Date.parse(value);
  return Number.NaN;
}

/** Reads a `{ me }` answer and keeps its CSRF token for this page's writes. */
export function signedInAs(body: unknown): Me {
  if (!isRecord(body) || !isRecord(body.me)) throw bad('{ me }');
  const me = parseMe(body.me);
  rememberCsrfToken(csrfTokenOf(body.me));
  return me;
}

export function parseInvitationSummary(body: unknown): InvitationSummary {
  if (!isRecord(body) || !isRole(body.role)) throw bad('invitation');
  const expiresAt = timeOf(body.expiresAt);
  if (Number.isNaN(expiresAt)) throw bad('invitation expiry');
  return { role: body.role, name: typeof body.name === 'string' ? body.name : '', expiresAt };
}

export function parseCreatedInvitation(body: unknown, origin: string): CreatedInvitation {
  if (!isRecord(body) || typeof body.id !== 'string' || !isRole(body.role) || typeof body.url !== 'string') throw bad('created invitation');
  const expiresAt = timeOf(body.expiresAt);
  if (Number.isNaN(expiresAt)) throw bad('invitation expiry');
  let url: string;
  try {
    url = new URL(body.url, origin).href;
  } catch {
    throw bad('invitation url');
  }
  return { id: body.id, role: body.role, url, expiresAt };
}

export class AccountApi {
  /**
   * `token`: the bearer token the page is signed in with (a sign-in link), or null for the
   * session cookie. Signing up, in and accepting an invitation never send it: they start a
   * cookie session of their own.
   */
  constructor(
    private readonly token: string | null = null,
    private readonly fetchFn: Fetch = (input, init) => fetch(input, init),
    private readonly origin: string = typeof window === 'undefined' ? 'http://localhost' : window.location.origin,
  ) {}

  async signUp(request: SignUpRequest): Promise<Me> {
    return signedInAs(await requestJson(this.fetchFn, '/api/auth/signup', { method: 'POST', body: request }));
  }

  async signIn(request: SignInRequest): Promise<Me> {
    return signedInAs(await requestJson(this.fetchFn, '/api/auth/login', { method: 'POST', body: request }));
  }

  /** Ends the cookie session (a sign-in link's token is forgotten by the caller). */
  async signOut(): Promise<void> {
    await requestJson(this.fetchFn, '/api/auth/logout', { method: 'POST', body: {} });
    rememberCsrfToken(null);
  }

  async changePassword(change: PasswordChange): Promise<void> {
    await requestJson(this.fetchFn, '/api/auth/password', { method: 'POST', token: this.token, body: change });
  }

  async invitation(code: string): Promise<InvitationSummary> {
    return parseInvitationSummary(await requestJson(this.fetchFn, `/api/invitations/${encodeURIComponent(code)}`));
  }

  async acceptInvitation(acceptance: InvitationAcceptance): Promise<Me> {
    return signedInAs(await requestJson(this.fetchFn, '/api/invitations/accept', { method: 'POST', body: acceptance }));
  }

  async createInvitation(request: InvitationRequest): Promise<CreatedInvitation> {
    return parseCreatedInvitation(await requestJson(this.fetchFn, '/api/invitations', { method: 'POST', token: this.token, body: request }), this.origin);
  }
}
