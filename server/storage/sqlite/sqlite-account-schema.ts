/**
 * The SQLite tables of accounts (schema 3): credentials, cookie sessions and invitations. The
 * account store creates them on open (idempotent), so a new database has them; a database from
 * schema 2 gets them, and its recorded version, from its migration step (sqlite-migrations.ts).
 *
 * Credentials live apart from `users`: a person's row is read everywhere (names in history, the
 * audit browser), the password hash only at sign-in. Sessions and invitation codes are stored only
 * as SHA-256 hashes of the secrets that browsers and links hold. Sessions are mutable (last seen)
 * and deleted when they end; what happened to them is in the audit chain.
 */
export const SQLITE_ACCOUNT_SCHEMA = `
CREATE TABLE IF NOT EXISTS accounts (
  user_key INTEGER PRIMARY KEY REFERENCES users(key),
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  password_changed_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS sessions (
  id_hash BLOB PRIMARY KEY,
  user_key INTEGER NOT NULL REFERENCES users(key),
  created_at INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (user_key);
CREATE INDEX IF NOT EXISTS sessions_by_expiry ON sessions (expires_at);

CREATE TABLE IF NOT EXISTS invitations (
  key INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  code_hash BLOB NOT NULL UNIQUE,
  role TEXT NOT NULL,
  name TEXT,
  email TEXT,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  used_by TEXT
);
`;
