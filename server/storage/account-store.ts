/**
 * Accounts: part of the one storage interface (store.ts, `CartaStore.accounts`). An account is a
 * user row (users table: id, name, role) with an email address and a password hash; sessions are
 * the cookie sign-ins (kept only as the SHA-256 of their id); invitations let an admin bring in
 * members, auditors and admins (kept only as the SHA-256 of their code, used once). Every write a
 * person makes here appends its audit event in the same transaction; no event holds a password,
 * a hash of one, or an email address.
 */
import type { InvitedRole } from '../../shared/auth/account-types.ts';
import type { Role } from '../../shared/auth/roles.ts';
import type { UserRecord } from './store.ts';

/** A session to store: the SHA-256 of its id, and when it ends. */
export interface NewSession {
  idHash: Uint8Array;
  expiresAt: number;
}

export interface SessionRecord {
  userId: string;
  createdAt: number;
  lastSeen: number;
  expiresAt: number;
}

export interface AccountRecord {
  user: UserRecord;
  email: string;
  passwordHash: string;
}

export interface InvitationRecord {
  id: string;
  role: InvitedRole;
  name: string | null;
  email: string | null;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  /** When it was accepted, and by which new user; null while unused. */
  usedAt: number | null;
  usedBy: string | null;
}

/** What creating an account needs: the person, the credentials, and the first session. */
export interface NewAccount {
  userId: string;
  name: string;
  role: Role;
  email: string;
  passwordHash: string;
  session: NewSession;
}

export type AcceptOutcome = { ok: true; user: UserRecord } | { ok: false; reason: 'email-taken' | 'invitation-used' | 'invitation-expired' | 'invitation-unknown' };

export interface AccountStore {
  /**
   * Creates the user, the account and its first session (audit event `auth.signup`); null when
   * the email address already has an account (nothing is written).
   */
  signUp(account: NewAccount, at: number): Promise<UserRecord | null>;
  /**
   * Accepts the invitation with this code hash: creates the account with the invitation's role and
   * its first session, and marks the invitation used (audit event `invitation.accept`), all in one
   * transaction, so two people racing with one link cannot both get in.
   */
  acceptInvitation(codeHash: Uint8Array, account: Omit<NewAccount, 'role'>, at: number): Promise<AcceptOutcome>;
  accountByEmail(email: string): Promise<AccountRecord | null>;
  accountOfUser(userId: string): Promise<AccountRecord | null>;

  /** Stores a new session of a signed-in user (audit event `auth.signin`). */
  startSession(userId: string, session: NewSession, at: number): Promise<void>;
  session(idHash: Uint8Array): Promise<SessionRecord | null>;
  /** Notes that the session was used at `at` (callers throttle this: it is a write). */
  touchSession(idHash: Uint8Array, at: number): Promise<void>;
  /** Ends a session (audit event `auth.signout` when `signedOutBy` is given); false when it did not exist. */
  endSession(idHash: Uint8Array, at: number, signedOutBy?: string): Promise<boolean>;
  /** Deletes every session that ended before `now`; answers how many. */
  deleteExpiredSessions(now: number): Promise<number>;
  /**
   * Replaces the password hash and ends every other session of the user (all of them when `keep`
   * is null), with audit event `auth.password`; answers how many sessions ended.
   */
  changePassword(userId: string, passwordHash: string, keep: Uint8Array | null, at: number): Promise<number>;

  /** Stores an invitation (audit event `invitation.create` by `createdBy`). */
  createInvitation(invitation: Omit<InvitationRecord, 'usedAt' | 'usedBy'>, codeHash: Uint8Array): Promise<void>;
  invitationByCode(codeHash: Uint8Array): Promise<InvitationRecord | null>;
}
