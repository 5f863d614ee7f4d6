/**
 * Accounts in SQLite, on the main store's connection: every account write and its audit event
 * commit together (a sign-up is the user row, the credentials, the first session and `auth.signup`
 * in one transaction).
 */
import type Database from 'better-sqlite3';
import { isInvitedRole } from '../../../shared/auth/account-types.ts';
import { isRole } from '../../../shared/auth/roles.ts';
import type { AcceptOutcome, AccountRecord, AccountStore, InvitationRecord, NewAccount, NewSession, SessionRecord } from '../account-store.ts';
import type { AuditEventInput, UserRecord } from '../store.ts';
import { SQLITE_ACCOUNT_SCHEMA } from './sqlite-account-schema.ts';

interface AccountRow {
  user_key: number;
  id: string;
  name: string;
  role: string;
  user_created_at: number;
  email: string;
  password_hash: string;
}

interface InvitationRow {
  id: string;
  role: string;
  name: string | null;
  email: string | null;
  created_by: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  used_by: string | null;
}

const ACCOUNT_COLUMNS = 'a.user_key, u.id, u.name, u.role, u.created_at AS user_created_at, a.email, a.password_hash';

/** A stored row that breaks the schema's promises (a damaged or foreign database). */
class AccountIntegrityError extends Error {
  override name = 'AccountIntegrityError';
}

function toUser(row: { id: string; name: string; role: string; user_created_at: number }): UserRecord {
  if (!isRole(row.role)) throw new AccountIntegrityError(`user "${row.id}" has unknown role "${row.role}"`);
  return { id: row.id, name: row.name, role: row.role, createdAt: row.user_created_at };
}

function toInvitation(row: InvitationRow): InvitationRecord {
  if (!isInvitedRole(row.role)) throw new AccountIntegrityError(`invitation "${row.id}" has a role no one is invited to: "${row.role}"`);
  return { id: row.id, role: row.role, name: row.name, email: row.email, createdBy: row.created_by, createdAt: row.created_at, expiresAt: row.expires_at, usedAt: row.used_at, usedBy: row.used_by };
}

export class SqliteAccountStore implements AccountStore {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly insertAudit: (event: AuditEventInput) => number,
  ) {
    db.exec(SQLITE_ACCOUNT_SCHEMA);
    this.statements = {
      insertUser: db.prepare('INSERT INTO users (id, name, role, created_at) VALUES (?, ?, ?, ?)'),
      userKey: db.prepare<[string], { key: number }>('SELECT key FROM users WHERE id = ?'),
      emailTaken: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM accounts WHERE email = ?'),
      insertAccount: db.prepare('INSERT INTO accounts (user_key, email, password_hash, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?)'),
      byEmail: db.prepare<[string], AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts a JOIN users u ON u.key = a.user_key WHERE a.email = ?`),
      byUser: db.prepare<[string], AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts a JOIN users u ON u.key = a.user_key WHERE u.id = ?`),
      setPassword: db.prepare('UPDATE accounts SET password_hash = ?, password_changed_at = ? WHERE user_key = ?'),
      insertSession: db.prepare('INSERT INTO sessions (id_hash, user_key, created_at, last_seen, expires_at) VALUES (?, ?, ?, ?, ?)'),
      session: db.prepare<[Uint8Array], { user_id: string; created_at: number; last_seen: number; expires_at: number }>(
        'SELECT u.id AS user_id, s.created_at, s.last_seen, s.expires_at FROM sessions s JOIN users u ON u.key = s.user_key WHERE s.id_hash = ?',
      ),
      touchSession: db.prepare('UPDATE sessions SET last_seen = ? WHERE id_hash = ? AND last_seen < ?'),
      deleteSession: db.prepare<[Uint8Array], { user_id: string }>('DELETE FROM sessions WHERE id_hash = ? RETURNING (SELECT id FROM users WHERE key = user_key) AS user_id'),
      deleteExpired: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
      deleteOtherSessions: db.prepare('DELETE FROM sessions WHERE user_key = ? AND id_hash IS NOT ?'),
      insertInvitation: db.prepare(
        'INSERT INTO invitations (id, code_hash, role, name, email, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      invitationByCode: db.prepare<[Uint8Array], InvitationRow>(
        'SELECT id, role, name, email, created_by, created_at, expires_at, used_at, used_by FROM invitations WHERE code_hash = ?',
      ),
      useInvitation: db.prepare('UPDATE invitations SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL'),
    };
  }

  /** Inserts user, account and first session; the caller's transaction holds them together. */
  private insertAccount(account: NewAccount, at: number): UserRecord {
    const inserted = this.statements.insertUser.run(account.userId, account.name, account.role, at);
    const userKey = Number(inserted.lastInsertRowid);
    this.statements.insertAccount.run(userKey, account.email, account.passwordHash, at, at);
    this.statements.insertSession.run(account.session.idHash, userKey, at, at, account.session.expiresAt);
    return { id: account.userId, name: account.name, role: account.role, createdAt: at };
  }

  private emailTaken(email: string): boolean {
    return (this.statements.emailTaken.get(email)?.n ?? 0) > 0;
  }

  async signUp(account: NewAccount, at: number): Promise<UserRecord | null> {
    return this.db
      .transaction((): UserRecord | null => {
        if (this.emailTaken(account.email)) return null;
        const user = this.insertAccount(account, at);
        this.insertAudit({ at, actorId: user.id, action: 'auth.signup', subject: user.id, detail: { name: user.name, role: user.role } });
        return user;
      })
      .immediate();
  }

  async acceptInvitation(codeHash: Uint8Array, account: Omit<NewAccount, 'role'>, at: number): Promise<AcceptOutcome> {
    return this.db
      .transaction((): AcceptOutcome => {
        const row = this.statements.invitationByCode.get(codeHash);
        if (!row) return { ok: false, reason: 'invitation-unknown' };
        const invitation = toInvitation(row);
        if (invitation.usedAt !== null) return { ok: false, reason: 'invitation-used' };
        if (invitation.expiresAt <= at) return { ok: false, reason: 'invitation-expired' };
        if (this.emailTaken(account.email)) return { ok: false, reason: 'email-taken' };
        const user = this.insertAccount({ ...account, role: invitation.role }, at);
        this.statements.useInvitation.run(at, user.id, invitation.id);
        this.insertAudit({
          at,
          actorId: user.id,
          action: 'invitation.accept',
          subject: user.id,
          detail: { invitationId: invitation.id, invitedBy: invitation.createdBy, name: user.name, role: user.role },
        });
        return { ok: true, user };
      })
      .immediate();
  }

  private toAccount(row: AccountRow | undefined): AccountRecord | null {
    return row ? { user: toUser(row), email: row.email, passwordHash: row.password_hash } : null;
  }

  async accountByEmail(email: string): Promise<AccountRecord | null> {
    return this.toAccount(this.statements.byEmail.get(email));
  }

  async accountOfUser(userId: string): Promise<AccountRecord | null> {
    return this.toAccount(this.statements.byUser.get(userId));
  }

  private userKey(userId: string): number {
    const row = this.statements.userKey.get(userId);
    if (!row) throw new AccountIntegrityError(`unknown user "${userId}"`);
    return row.key;
  }

  async startSession(userId: string, session: NewSession, at: number): Promise<void> {
    this.db
      .transaction(() => {
        this.statements.insertSession.run(session.idHash, this.userKey(userId), at, at, session.expiresAt);
        this.insertAudit({ at, actorId: userId, action: 'auth.signin', subject: userId });
      })
      .immediate();
  }

  async session(idHash: Uint8Array): Promise<SessionRecord | null> {
    const row = this.statements.session.get(idHash);
    return row ? { userId: row.user_id, createdAt: row.created_at, lastSeen: row.last_seen, expiresAt: row.expires_at } : null;
  }

  async touchSession(idHash: Uint8Array, at: number): Promise<void> {
    this.statements.touchSession.run(at, idHash, at);
  }

  async endSession(idHash: Uint8Array, at: number, signedOutBy?: string): Promise<boolean> {
    return this.db
      .transaction((): boolean => {
        const ended = this.statements.deleteSession.get(idHash);
        if (!ended) return false;
        if (signedOutBy !== undefined) this.insertAudit({ at, actorId: signedOutBy, action: 'auth.signout', subject: ended.user_id });
        return true;
      })
      .immediate();
  }

  async deleteExpiredSessions(now: number): Promise<number> {
    return this.statements.deleteExpired.run(now).changes;
  }

  async changePassword(userId: string, passwordHash: string, keep: Uint8Array | null, at: number): Promise<number> {
    return this.db
      .transaction((): number => {
        const key = this.userKey(userId);
        this.statements.setPassword.run(passwordHash, at, key);
        const revoked = this.statements.deleteOtherSessions.run(key, keep).changes;
        this.insertAudit({ at, actorId: userId, action: 'auth.password', subject: userId, detail: { endedSessions: revoked } });
        return revoked;
      })
      .immediate();
  }

  async createInvitation(invitation: Omit<InvitationRecord, 'usedAt' | 'usedBy'>, codeHash: Uint8Array): Promise<void> {
    this.db
      .transaction(() => {
        this.statements.insertInvitation.run(invitation.id, codeHash, invitation.role, invitation.name, invitation.email, invitation.createdBy, invitation.createdAt, invitation.expiresAt);
        // The invitee's name is the admin's note and already in the row; the chain records who invited whom to what.
        this.insertAudit({
          at: invitation.createdAt,
          actorId: invitation.createdBy,
          action: 'invitation.create',
          subject: invitation.id,
          detail: { role: invitation.role, expiresAt: invitation.expiresAt },
        });
      })
      .immediate();
  }

  async invitationByCode(codeHash: Uint8Array): Promise<InvitationRecord | null> {
    const row = this.statements.invitationByCode.get(codeHash);
    return row ? toInvitation(row) : null;
  }
}
