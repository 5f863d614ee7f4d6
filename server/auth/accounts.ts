/**
 * Accounts as the server uses them: citizens sign up with email and password, invited people
 * accept an invitation, anyone with an account signs in and out and changes their password, and
 * a cookie session resolves to the person behind it. REST routes and the websocket upgrade call
 * this; the store keeps the rows and their audit events. Refusals are AccountRefusal, each with a
 * stable id the routes answer with.
 */
import { randomBytes } from 'node:crypto';
import type { InvitedRole } from '../../shared/auth/account-types.ts';
import type { AccountStore, InvitationRecord } from '../storage/account-store.ts';
import { csrfTokenFor, csrfTokenMatches } from './csrf-tokens.ts';
import { type Identity, identityOf } from './identity.ts';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from './passwords.ts';
import { isSecretCodeShape, newSecretCode, secretCodeHash } from './secret-codes.ts';
import type { SignInThrottle } from './sign-in-throttle.ts';

const DAY_MS = 86_400_000;
/** How long an invitation link can be accepted. */
export const INVITATION_DAYS = 7;
/** A session's `last_seen` is written at most this often: it is a write, and requests are many. */
const TOUCH_EVERY_MS = 60_000;

export type AccountRefusalId = 'email-taken' | 'bad-credentials' | 'rate-limited' | 'not-found' | 'invitation-used' | 'invitation-expired';

/** Why an account request was refused; `retryAfterMs` with `rate-limited`. */
export class AccountRefusal extends Error {
  override name = 'AccountRefusal';

  constructor(
    readonly id: AccountRefusalId,
    message: string,
    readonly retryAfterMs = 0,
  ) {
    super(message);
  }
}

/** A cookie session just started: its secret id (the cookie's value) and its CSRF token. */
export interface IssuedSession {
  id: string;
  csrfToken: string;
  expiresAt: number;
}

export interface SignedIn {
  identity: Identity;
  session: IssuedSession;
}

export type SessionCheck = { ok: true; identity: Identity; csrfToken: string } | { ok: false; reason: string };

export interface NewInvitation {
  id: string;
  role: InvitedRole;
  /** The secret code of the link (only its hash is stored). */
  code: string;
  expiresAt: number;
}

export interface AccountsOptions {
  accounts: AccountStore;
  secret: string;
  sessionDays: number;
  throttle: SignInThrottle;
  /** The clock (tests move it to expire sessions and invitations). */
  now: () => number;
}

const BAD_CREDENTIALS = 'The email address or the password is not right.';

export class Accounts {
  constructor(private readonly options: AccountsOptions) {}

  private get store(): AccountStore {
    return this.options.accounts;
  }

  private newSession(now: number): IssuedSession & { idHash: Buffer } {
    const id = newSecretCode();
    return { id, idHash: secretCodeHash(id), csrfToken: csrfTokenFor(this.options.secret, id), expiresAt: now + this.options.sessionDays * DAY_MS };
  }

  private issued(session: IssuedSession): IssuedSession {
    return { id: session.id, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  }

  /** Creates a citizen's account and signs them in. Email already normalised (account-fields.ts). */
  async signUp(input: { email: string; name: string; password: string }): Promise<SignedIn> {
    const passwordHash = await hashPassword(input.password);
    const now = this.options.now();
    await this.store.deleteExpiredSessions(now);
    const session = this.newSession(now);
    const user = await this.store.signUp({ userId: newUserId(), name: input.name, role: 'citizen', email: input.email, passwordHash, session }, now);
    if (!user) throw new AccountRefusal('email-taken', 'An account with this email address already exists; sign in instead.');
    return { identity: identityOf(user), session: this.issued(session) };
  }

  /**
   * Signs in with email and password. Unknown addresses and wrong passwords get the same refusal
   * after the same work; failures count against the address and the client (SignInThrottle).
   */
  async signIn(input: { email: string; password: string }, clientIp: string): Promise<SignedIn> {
    this.throttle(input.email, clientIp);
    const account = await this.store.accountByEmail(input.email);
    const matches = account ? await verifyPassword(input.password, account.passwordHash) : await verifyAgainstDecoy(input.password);
    if (!account || !matches) {
      this.options.throttle.recordFailure(input.email, clientIp);
      throw new AccountRefusal('bad-credentials', BAD_CREDENTIALS);
    }
    this.options.throttle.recordSuccess(input.email);
    const now = this.options.now();
    await this.store.deleteExpiredSessions(now);
    const session = this.newSession(now);
    await this.store.startSession(account.user.id, session, now);
    return { identity: identityOf(account.user), session: this.issued(session) };
  }

  private throttle(email: string, clientIp: string): void {
    const check = this.options.throttle.check(email, clientIp);
    if (check.ok) return;
    const who = check.limit === 'email' ? 'this email address' : 'this network address';
    throw new AccountRefusal('rate-limited', `Too many failed sign-ins for ${who}; try again later.`, check.retryAfterMs);
  }

  /** Ends the session whose id the cookie holds (nothing when there is none). */
  async signOut(sessionId: string): Promise<void> {
    const idHash = secretCodeHash(sessionId);
    const session = await this.store.session(idHash);
    if (!session) return;
    await this.store.endSession(idHash, this.options.now(), session.userId);
  }

  /**
   * Changes the signed-in person's password after checking the current one, and ends their other
   * sessions (every one, when they are signed in by a token rather than a session).
   */
  async changePassword(identity: Identity, sessionId: string | null, current: string, next: string, clientIp: string): Promise<void> {
    const account = await this.store.accountOfUser(identity.userId);
    if (account) this.throttle(account.email, clientIp);
    const matches = account ? await verifyPassword(current, account.passwordHash) : await verifyAgainstDecoy(current);
    if (!account || !matches) {
      if (account) this.options.throttle.recordFailure(account.email, clientIp);
      throw new AccountRefusal('bad-credentials', account ? 'The current password is not right.' : 'This person has no password to change (they sign in with a link).');
    }
    const passwordHash = await hashPassword(next);
    await this.store.changePassword(identity.userId, passwordHash, sessionId === null ? null : secretCodeHash(sessionId), this.options.now());
  }

  /** Creates an invitation to `role`, valid for INVITATION_DAYS; the code is in the answer only. */
  async createInvitation(createdBy: string, input: { role: InvitedRole; name: string | null; email: string | null }): Promise<NewInvitation> {
    const now = this.options.now();
    const code = newSecretCode();
    const invitation = { id: `inv_${randomBytes(8).toString('hex')}`, role: input.role, name: input.name, email: input.email, createdBy, createdAt: now, expiresAt: now + INVITATION_DAYS * DAY_MS };
    await this.store.createInvitation(invitation, secretCodeHash(code));
    return { id: invitation.id, role: input.role, code, expiresAt: invitation.expiresAt };
  }

  /** The invitation a code names, while it can still be accepted. */
  async invitation(code: string): Promise<InvitationRecord> {
    const invitation = isSecretCodeShape(code) ? await this.store.invitationByCode(secretCodeHash(code)) : null;
    if (!invitation) throw new AccountRefusal('not-found', 'No invitation has this code.');
    if (invitation.usedAt !== null) throw new AccountRefusal('invitation-used', 'This invitation has already been accepted.');
    if (invitation.expiresAt <= this.options.now()) throw new AccountRefusal('invitation-expired', 'This invitation has expired; ask for a new one.');
    return invitation;
  }

  /** Creates the invitee's account with the invitation's role and signs them in; the code is then spent. */
  async acceptInvitation(input: { code: string; email: string; name: string; password: string }): Promise<SignedIn> {
    // Checked before the costly hash, and again inside the store's transaction (a race between two acceptances).
    await this.invitation(input.code);
    const passwordHash = await hashPassword(input.password);
    const now = this.options.now();
    const session = this.newSession(now);
    const outcome = await this.store.acceptInvitation(secretCodeHash(input.code), { userId: newUserId(), name: input.name, email: input.email, passwordHash, session }, now);
    if (outcome.ok) return { identity: identityOf(outcome.user), session: this.issued(session) };
    switch (outcome.reason) {
      case 'email-taken':
        throw new AccountRefusal('email-taken', 'An account with this email address already exists; use another address.');
      case 'invitation-used':
        throw new AccountRefusal('invitation-used', 'This invitation has already been accepted.');
      case 'invitation-expired':
        throw new AccountRefusal('invitation-expired', 'This invitation has expired; ask for a new one.');
      case 'invitation-unknown':
        throw new AccountRefusal('not-found', 'No invitation has this code.');
    }
  }

  /** The person a session cookie signs in; an expired session is deleted and refused. */
  async identifySession(sessionId: string): Promise<SessionCheck> {
    if (!isSecretCodeShape(sessionId)) return { ok: false, reason: 'malformed session' };
    const idHash = secretCodeHash(sessionId);
    const session = await this.store.session(idHash);
    if (!session) return { ok: false, reason: 'unknown or ended session' };
    const now = this.options.now();
    if (session.expiresAt <= now) {
      await this.store.endSession(idHash, now);
      return { ok: false, reason: 'session expired' };
    }
    const account = await this.store.accountOfUser(session.userId);
    if (!account) return { ok: false, reason: 'unknown user' };
    if (now - session.lastSeen >= TOUCH_EVERY_MS) await this.store.touchSession(idHash, now);
    return { ok: true, identity: identityOf(account.user), csrfToken: csrfTokenFor(this.options.secret, sessionId) };
  }

  /** True when `given` is the CSRF token of the session `sessionId`. */
  csrfTokenMatches(sessionId: string, given: string | undefined): boolean {
    return csrfTokenMatches(this.options.secret, sessionId, given);
  }
}

function newUserId(): string {
  return `usr_${randomBytes(6).toString('hex')}`;
}
