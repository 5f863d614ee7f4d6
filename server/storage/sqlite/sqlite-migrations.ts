/**
 * Brings a database written by an earlier Carta up to the current schema, before the schema's
 * triggers exist (they forbid the one-time rewrite a migration needs). Each step runs in one
 * transaction and is recorded as an audit event of its own.
 */
import type Database from 'better-sqlite3';
import { eventHash, GENESIS_HASH, UPDATE_ACTION, updateDigest, updateSubject } from '../../../verifier/audit-chain.mjs';
import { SQLITE_ACCOUNT_SCHEMA } from './sqlite-account-schema.ts';

function hasColumn(db: Database.Database, table: string, column: string): boolean {
  return db.prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)').all(table).some((c) => c.name === column);
}

function tableExists(db: Database.Database, table: string): boolean {
  return db.prepare<[string], { n: number }>("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?").get(table)?.n === 1;
}

/**
 * Schema 1 → 2: the audit events of a database from before the chain are hashed in their stored
 * order, then every update already in the log gets its `update` event (in document and seq order,
 * marked `{"backfilled":true}`), then an `audit.chain` event says when the chain began.
 */
function chainExistingAuditEvents(db: Database.Database, now: number): void {
  db.exec('ALTER TABLE audit_events ADD COLUMN hash BLOB');
  const rows = db
    .prepare<[], { id: number; at: number; actor_id: string; action: string; subject: string; detail: string | null }>(
      'SELECT id, at, actor_id, action, subject, detail FROM audit_events ORDER BY id',
    )
    .all();
  const setHash = db.prepare('UPDATE audit_events SET hash = ? WHERE id = ?');
  const insert = db.prepare('INSERT INTO audit_events (id, at, actor_id, action, subject, detail, hash) VALUES (?, ?, ?, ?, ?, ?, ?)');
  let previous = GENESIS_HASH;
  let lastId = 0;
  for (const row of rows) {
    // Ids were given by SQLite without gaps (nothing was ever deleted); renumbering is not needed.
    const event = { id: row.id, at: row.at, actorId: row.actor_id, action: row.action, subject: row.subject, detail: row.detail };
    previous = eventHash(previous, event, null);
    setHash.run(previous, row.id);
    lastId = row.id;
  }
  const append = (event: { at: number; actorId: string; action: string; subject: string; detail: string | null }, digest: string | null): void => {
    const full = { id: ++lastId, ...event };
    previous = eventHash(previous, full, digest);
    insert.run(full.id, full.at, full.actorId, full.action, full.subject, full.detail, previous);
  };
  // Read in pages: better-sqlite3 cannot insert while a statement of the same connection iterates.
  const updates = db.prepare<[number, number, number, number], { doc_key: number; doc_id: string; seq: number; user_id: string; received_at: number; bytes: Buffer }>(
    `SELECT l.doc_key, d.id AS doc_id, l.seq, u.id AS user_id, l.received_at, l.bytes FROM update_log l
     JOIN documents d ON d.key = l.doc_key JOIN users u ON u.key = l.user_key
     WHERE l.doc_key > ? OR (l.doc_key = ? AND l.seq > ?) ORDER BY l.doc_key, l.seq LIMIT ?`,
  );
  let backfilled = 0;
  let after = { docKey: 0, seq: 0 };
  for (;;) {
    const page = updates.all(after.docKey, after.docKey, after.seq, 2_000);
    for (const row of page) {
      append({ at: row.received_at, actorId: row.user_id, action: UPDATE_ACTION, subject: updateSubject(row.doc_id, row.seq), detail: '{"backfilled":true}' }, updateDigest(row.bytes));
      backfilled++;
      after = { docKey: row.doc_key, seq: row.seq };
    }
    if (page.length < 2_000) break;
  }
  append({ at: now, actorId: 'system', action: 'audit.chain', subject: 'audit', detail: JSON.stringify({ chainedEvents: rows.length, backfilledUpdates: backfilled }) }, null);
}

/** The schema version a database records (0 when it records none: a new database). */
function schemaVersion(db: Database.Database): number {
  if (!tableExists(db, 'settings')) return 0;
  return Number(db.prepare<[], { value: string }>("SELECT value FROM settings WHERE key = 'schema_version'").get()?.value ?? 0);
}

/**
 * Schema 2 → 3: the account tables (credentials, cookie sessions, invitations). Nothing stored
 * changes, so no audit event: the chain records what people did, and nobody did anything here.
 */
function addAccountTables(db: Database.Database): void {
  db.exec(SQLITE_ACCOUNT_SCHEMA);
}

/** Runs the steps a database needs, in order; a new (empty) database needs none. */
export function migrateSqlite(db: Database.Database, now = Date.now()): void {
  if (tableExists(db, 'audit_events') && !hasColumn(db, 'audit_events', 'hash')) {
    db.transaction(() => {
      chainExistingAuditEvents(db, now);
      db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('schema_version', '2')").run();
    }).immediate();
  }
  if (schemaVersion(db) === 2) {
    db.transaction(() => {
      addAccountTables(db);
      db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('schema_version', '3')").run();
    }).immediate();
  }
}
