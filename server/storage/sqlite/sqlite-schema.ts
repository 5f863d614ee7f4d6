/**
 * The SQLite tables, created on first open. The update log is append-only: no statement in the
 * server updates or deletes its rows (it is the history and the audit record of the text).
 *
 * Integer keys for documents and users, and a WITHOUT ROWID log (no second index), keep each
 * logged keystroke small on disk.
 */
/**
 * 2: audit events are chained by SHA-256, and every logged update has its event.
 * 3: accounts — credentials, cookie sessions, invitations (sqlite-account-schema.ts).
 */
export const SQLITE_SCHEMA_VERSION = 3;

/**
 * Audit events are append-only too; created apart from the table so that a database from before
 * the chain gets them after its events are chained (server/storage/sqlite/sqlite-migrations.ts).
 */
export const SQLITE_AUDIT_TRIGGERS = `
CREATE TRIGGER IF NOT EXISTS audit_events_are_append_only_update
  BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_events_are_append_only_delete
  BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
`;

export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS users (
  key INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS documents (
  key INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS update_log (
  doc_key INTEGER NOT NULL REFERENCES documents(key),
  seq INTEGER NOT NULL,
  user_key INTEGER NOT NULL REFERENCES users(key),
  received_at INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  PRIMARY KEY (doc_key, seq)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS checkpoints (
  doc_key INTEGER NOT NULL REFERENCES documents(key),
  seq INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  state BLOB NOT NULL,
  PRIMARY KEY (doc_key, seq)
);

CREATE TABLE IF NOT EXISTS audit_events (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_id TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail TEXT,
  hash BLOB NOT NULL
);

-- A named version is a position in a document's log; it never changes (append-only).
CREATE TABLE IF NOT EXISTS versions (
  key INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  doc_key INTEGER NOT NULL REFERENCES documents(key),
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  note TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS versions_by_doc ON versions (doc_key, seq);

CREATE TRIGGER IF NOT EXISTS versions_are_append_only_update
  BEFORE UPDATE ON versions BEGIN SELECT RAISE(ABORT, 'versions are append-only'); END;
CREATE TRIGGER IF NOT EXISTS versions_are_append_only_delete
  BEFORE DELETE ON versions BEGIN SELECT RAISE(ABORT, 'versions are append-only'); END;

CREATE TRIGGER IF NOT EXISTS update_log_is_append_only_update
  BEFORE UPDATE ON update_log BEGIN SELECT RAISE(ABORT, 'the update log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS update_log_is_append_only_delete
  BEFORE DELETE ON update_log BEGIN SELECT RAISE(ABORT, 'the update log is append-only'); END;
${SQLITE_AUDIT_TRIGGERS}`;
