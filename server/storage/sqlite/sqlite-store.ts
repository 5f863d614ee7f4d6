/**
 * The embedded SQLite store (better-sqlite3, WAL). Writes are synchronous inside the process, which
 * fits a single-threaded write path: a batch of updates is one transaction, durable on return
 * (synchronous=FULL by default).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { isRole } from '../../../shared/auth/roles.ts';
import type {
  AppendEntry,
  AuditEvent,
  AuditEventInput,
  AuditHead,
  AuditRecord,
  CartaStore,
  ChangeDay,
  Checkpoint,
  DocumentRecord,
  LoggedUpdate,
  UserRecord,
  VersionRecord,
} from '../store.ts';
import { eventHash, GENESIS_HASH, parseUpdateSubject, UPDATE_ACTION, updateDigest, updateSubject } from '../../../verifier/audit-chain.mjs';
import { migrateSqlite } from './sqlite-migrations.ts';
import { SQLITE_SCHEMA, SQLITE_SCHEMA_VERSION } from './sqlite-schema.ts';
import { SqliteAccountStore } from './sqlite-account-store.ts';
import { SqliteAuditQueries } from './sqlite-audit-queries.ts';
import { SqliteAuditedRows } from './sqlite-audited-rows.ts';
import { SqliteCommentStore } from './sqlite-comment-store.ts';
import { SqliteLinkStore } from './sqlite-link-store.ts';
import { SqliteReportQueries } from './sqlite-report-queries.ts';
import { SqliteSourceStore } from './sqlite-source-store.ts';
import { SqliteStanceStore } from './sqlite-stance-store.ts';

export interface SqliteStoreOptions {
  /** FULL (default) survives power loss; NORMAL survives a crashed process. */
  synchronous?: 'FULL' | 'NORMAL';
}

/** Thrown when a stored row is not what the schema promises (a damaged or foreign database). */
export class StoreIntegrityError extends Error {
  override name = 'StoreIntegrityError';
}

interface AuditRow {
  id: number;
  at: number;
  actor_id: string;
  action: string;
  subject: string;
  detail: string | null;
  hash: Buffer;
}

interface VersionRow {
  id: string;
  doc_id: string;
  seq: number;
  name: string;
  note: string;
  created_by: string;
  created_at: number;
}

interface UserRow {
  key: number;
  id: string;
  name: string;
  role: string;
  created_at: number;
}

/** The database file inside a data directory. */
export function databasePath(dataDir: string): string {
  return path.join(dataDir, 'carta.sqlite');
}

/** Opens (creating if needed) the store in `dataDir`. */
export function openSqliteStore(dataDir: string, options: SqliteStoreOptions = {}): SqliteStore {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(databasePath(dataDir));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrateSqlite(db);
  db.exec(SQLITE_SCHEMA);
  db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run('schema_version', String(SQLITE_SCHEMA_VERSION));
  return new SqliteStore(db);
}

export class SqliteStore implements CartaStore {
  private readonly docKeys = new Map<string, number>();
  private readonly userKeys = new Map<string, number>();
  private readonly userIds = new Map<number, string>();
  private readonly statements;
  readonly sources: SqliteSourceStore;
  readonly links: SqliteLinkStore;
  readonly reports: SqliteReportQueries;
  readonly auditQueries: SqliteAuditQueries;
  readonly auditedRows: SqliteAuditedRows;
  readonly comments: SqliteCommentStore;
  readonly stances: SqliteStanceStore;
  readonly accounts: SqliteAccountStore;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      docKey: db.prepare<[string], { key: number }>('SELECT key FROM documents WHERE id = ?'),
      getDocument: db.prepare<[string], { id: string; title: string; created_at: number }>(
        'SELECT id, title, created_at FROM documents WHERE id = ?',
      ),
      listDocuments: db.prepare<[], { id: string; title: string; created_at: number }>(
        'SELECT id, title, created_at FROM documents ORDER BY key',
      ),
      insertDocument: db.prepare('INSERT INTO documents (id, title, created_at) VALUES (?, ?, ?)'),
      lastSeq: db.prepare<[number], { seq: number }>('SELECT COALESCE(MAX(seq), 0) AS seq FROM update_log WHERE doc_key = ?'),
      appendUpdate: db.prepare('INSERT INTO update_log (doc_key, seq, user_key, received_at, bytes) VALUES (?, ?, ?, ?, ?)'),
      readUpdates: db.prepare<[number, number], { seq: number; user_key: number; received_at: number; bytes: Buffer }>(
        'SELECT seq, user_key, received_at, bytes FROM update_log WHERE doc_key = ? AND seq > ? ORDER BY seq',
      ),
      latestCheckpoint: db.prepare<[number], { seq: number; created_at: number; state: Buffer }>(
        'SELECT seq, created_at, state FROM checkpoints WHERE doc_key = ? ORDER BY seq DESC LIMIT 1',
      ),
      checkpointAtOrBefore: db.prepare<[number, number], { seq: number; created_at: number; state: Buffer }>(
        'SELECT seq, created_at, state FROM checkpoints WHERE doc_key = ? AND seq <= ? ORDER BY seq DESC LIMIT 1',
      ),
      readUpdateRange: db.prepare<[number, number, number], { seq: number; user_key: number; received_at: number; bytes: Buffer }>(
        'SELECT seq, user_key, received_at, bytes FROM update_log WHERE doc_key = ? AND seq > ? AND seq <= ? ORDER BY seq',
      ),
      insertVersion: db.prepare('INSERT INTO versions (id, doc_key, seq, name, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      listVersions: db.prepare<[number], VersionRow>('SELECT v.id, d.id AS doc_id, v.seq, v.name, v.note, v.created_by, v.created_at FROM versions v JOIN documents d ON d.key = v.doc_key WHERE v.doc_key = ? ORDER BY v.seq, v.key'),
      getVersion: db.prepare<[string], VersionRow>('SELECT v.id, d.id AS doc_id, v.seq, v.name, v.note, v.created_by, v.created_at FROM versions v JOIN documents d ON d.key = v.doc_key WHERE v.id = ?'),
      // received_at is in ms; a day is 86,400,000 ms of UTC.
      changeDays: db.prepare<[number], { day: number; seq: number; at: number; updates: number }>(
        `SELECT received_at / 86400000 AS day, MAX(seq) AS seq, MAX(received_at) AS at, COUNT(*) AS updates
         FROM update_log WHERE doc_key = ? GROUP BY received_at / 86400000 ORDER BY day`,
      ),
      insertCheckpoint: db.prepare('INSERT OR IGNORE INTO checkpoints (doc_key, seq, created_at, state) VALUES (?, ?, ?, ?)'),
      userById: db.prepare<[string], UserRow>('SELECT key, id, name, role, created_at FROM users WHERE id = ?'),
      userByKey: db.prepare<[number], UserRow>('SELECT key, id, name, role, created_at FROM users WHERE key = ?'),
      userByNameRole: db.prepare<[string, string], UserRow>(
        'SELECT key, id, name, role, created_at FROM users WHERE name = ? AND role = ? ORDER BY key LIMIT 1',
      ),
      insertUser: db.prepare('INSERT OR IGNORE INTO users (id, name, role, created_at) VALUES (?, ?, ?, ?)'),
      insertAudit: db.prepare('INSERT INTO audit_events (id, at, actor_id, action, subject, detail, hash) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      auditHead: db.prepare<[], { id: number; hash: Buffer }>('SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1'),
      listAudit: db.prepare<[number, number], AuditRow>('SELECT id, at, actor_id, action, subject, detail, hash FROM audit_events WHERE id > ? ORDER BY id LIMIT ?'),
      // Rows as arrays (raw): `audit verify` reads a million of each, and arrays cost it less than objects.
      auditPage: db
        .prepare<[number, number], [id: number, at: number, actorId: string, action: string, subject: string, detail: string | null, hash: string]>(
          // The hash as hex text: a million small Buffers cost the garbage collector most of a second.
          'SELECT id, at, actor_id, action, subject, detail, lower(hex(hash)) FROM audit_events WHERE id > ? ORDER BY id LIMIT ?',
        )
        .raw(true),
      updateRowsRange: db
        .prepare<[number, number, number], [seq: number, userKey: number, receivedAt: number, bytes: Buffer]>(
          'SELECT seq, user_key, received_at, bytes FROM update_log WHERE doc_key = ? AND seq BETWEEN ? AND ? ORDER BY seq',
        )
        .raw(true),
      updateRowAt: db
        .prepare<[number, number], [seq: number, userKey: number, receivedAt: number, bytes: Buffer]>(
          'SELECT seq, user_key, received_at, bytes FROM update_log WHERE doc_key = ? AND seq = ?',
        )
        .raw(true),
      updateCounts: db.prepare<[], { id: string; n: number }>(
        'SELECT d.id, (SELECT COUNT(*) FROM update_log l WHERE l.doc_key = d.key) AS n FROM documents d ORDER BY d.key',
      ),
      getSetting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
      insertSetting: db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)'),
      upsertSetting: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    };
    // Same connection: an import and its audit event commit in one transaction.
    this.sources = new SqliteSourceStore(db, (event) => this.insertAuditRow(event));
    this.links = new SqliteLinkStore(db, (event) => this.insertAuditRow(event));
    this.comments = new SqliteCommentStore(db, (event) => this.insertAuditRow(event));
    this.stances = new SqliteStanceStore(db, (event) => this.insertAuditRow(event));
    this.accounts = new SqliteAccountStore(db, (event) => this.insertAuditRow(event));
    // After the source and link tables exist: it reads both.
    this.reports = new SqliteReportQueries(db);
    this.auditQueries = new SqliteAuditQueries(db);
    // After the link and comment tables exist: it reads them.
    this.auditedRows = new SqliteAuditedRows(db);
  }

  private docKey(docId: string): number {
    const cached = this.docKeys.get(docId);
    if (cached !== undefined) return cached;
    const row = this.statements.docKey.get(docId);
    if (!row) throw new StoreIntegrityError(`unknown document "${docId}"`);
    this.docKeys.set(docId, row.key);
    return row.key;
  }

  private userKey(userId: string): number {
    const cached = this.userKeys.get(userId);
    if (cached !== undefined) return cached;
    const row = this.statements.userById.get(userId);
    if (!row) throw new StoreIntegrityError(`unknown user "${userId}"`);
    this.userKeys.set(userId, row.key);
    this.userIds.set(row.key, userId);
    return row.key;
  }

  private userIdOf(key: number): string {
    const id = this.knownUserId(key);
    if (id === null) throw new StoreIntegrityError(`log entry by unknown user key ${key}`);
    return id;
  }

  /** The id of the user with this key, or null when there is none (a log entry `audit verify` must report, not crash on). */
  private knownUserId(key: number): string | null {
    const cached = this.userIds.get(key);
    if (cached !== undefined) return cached;
    const row = this.statements.userByKey.get(key);
    if (!row) return null;
    this.userIds.set(key, row.id);
    return row.id;
  }

  /**
   * Appends an event to the audit chain; `update` is the logged update an `update` event stands
   * for. Callers are inside a transaction (every caller's write and its event commit together), so
   * the head read here is the head the new event is chained to, even with the command line
   * appending from another process.
   */
  private insertAuditRow(event: AuditEventInput, update?: Uint8Array): number {
    const head = this.statements.auditHead.get();
    const stored = {
      id: (head?.id ?? 0) + 1,
      at: event.at,
      actorId: event.actorId,
      action: event.action,
      subject: event.subject,
      detail: event.detail === undefined ? null : JSON.stringify(event.detail),
    };
    const hash = eventHash(head?.hash ?? GENESIS_HASH, stored, update === undefined ? null : updateDigest(update));
    this.statements.insertAudit.run(stored.id, stored.at, stored.actorId, stored.action, stored.subject, stored.detail, hash);
    return stored.id;
  }

  async createDocument(doc: { id: string; title: string }, initialState: Uint8Array, actorId: string, at: number): Promise<boolean> {
    const create = this.db.transaction((): boolean => {
      if (this.statements.docKey.get(doc.id)) return false;
      const inserted = this.statements.insertDocument.run(doc.id, doc.title, at);
      const key = Number(inserted.lastInsertRowid);
      this.statements.appendUpdate.run(key, 1, this.userKey(actorId), at, initialState);
      this.insertAuditRow({ at, actorId, action: 'document.create', subject: doc.id, detail: { title: doc.title, bytes: initialState.byteLength } });
      this.insertAuditRow({ at, actorId, action: UPDATE_ACTION, subject: updateSubject(doc.id, 1) }, initialState);
      return true;
    });
    return create.immediate();
  }

  async getDocument(id: string): Promise<DocumentRecord | null> {
    const row = this.statements.getDocument.get(id);
    return row ? { id: row.id, title: row.title, createdAt: row.created_at } : null;
  }

  async listDocuments(): Promise<DocumentRecord[]> {
    return this.statements.listDocuments.all().map((row) => ({ id: row.id, title: row.title, createdAt: row.created_at }));
  }

  async appendUpdates(entries: readonly AppendEntry[]): Promise<number[]> {
    const append = this.db.transaction((): number[] => {
      const next = new Map<number, number>();
      return entries.map((entry) => {
        const key = this.docKey(entry.docId);
        const seq = (next.get(key) ?? this.statements.lastSeq.get(key)?.seq ?? 0) + 1;
        next.set(key, seq);
        this.statements.appendUpdate.run(key, seq, this.userKey(entry.userId), entry.receivedAt, entry.update);
        this.insertAuditRow({ at: entry.receivedAt, actorId: entry.userId, action: UPDATE_ACTION, subject: updateSubject(entry.docId, seq) }, entry.update);
        return seq;
      });
    });
    return append.immediate();
  }

  async readUpdates(docId: string, afterSeq: number): Promise<LoggedUpdate[]> {
    const key = this.docKey(docId);
    return this.statements.readUpdates.all(key, afterSeq).map((row) => ({
      seq: row.seq,
      update: new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength),
      userId: this.userIdOf(row.user_key),
      receivedAt: row.received_at,
    }));
  }

  async lastSeq(docId: string): Promise<number> {
    return this.statements.lastSeq.get(this.docKey(docId))?.seq ?? 0;
  }

  async latestCheckpoint(docId: string): Promise<Checkpoint | null> {
    const row = this.statements.latestCheckpoint.get(this.docKey(docId));
    if (!row) return null;
    return { seq: row.seq, createdAt: row.created_at, state: new Uint8Array(row.state.buffer, row.state.byteOffset, row.state.byteLength) };
  }

  async checkpointAtOrBefore(docId: string, seq: number): Promise<Checkpoint | null> {
    const row = this.statements.checkpointAtOrBefore.get(this.docKey(docId), seq);
    if (!row) return null;
    return { seq: row.seq, createdAt: row.created_at, state: new Uint8Array(row.state.buffer, row.state.byteOffset, row.state.byteLength) };
  }

  async readUpdateRange(docId: string, afterSeq: number, toSeq: number): Promise<LoggedUpdate[]> {
    return this.statements.readUpdateRange.all(this.docKey(docId), afterSeq, toSeq).map((row) => ({
      seq: row.seq,
      update: new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength),
      userId: this.userIdOf(row.user_key),
      receivedAt: row.received_at,
    }));
  }

  async createVersion(version: Omit<VersionRecord, 'id'>): Promise<VersionRecord> {
    const id = `ver_${randomBytes(8).toString('hex')}`;
    this.db
      .transaction(() => {
        this.statements.insertVersion.run(id, this.docKey(version.docId), version.seq, version.name, version.note, version.createdBy, version.createdAt);
        // The note too: the timeline shows it, so `audit verify` checks the stored one against this.
        this.insertAuditRow({
          at: version.createdAt,
          actorId: version.createdBy,
          action: 'version.create',
          subject: id,
          detail: { docId: version.docId, seq: version.seq, name: version.name, note: version.note },
        });
      })
      .immediate();
    return { id, ...version };
  }

  async listVersions(docId: string): Promise<VersionRecord[]> {
    return this.statements.listVersions.all(this.docKey(docId)).map(toVersion);
  }

  async getVersion(id: string): Promise<VersionRecord | null> {
    const row = this.statements.getVersion.get(id);
    return row ? toVersion(row) : null;
  }

  async changeDays(docId: string): Promise<ChangeDay[]> {
    return this.statements.changeDays.all(this.docKey(docId)).map((row) => ({
      day: new Date(row.day * 86_400_000).toISOString().slice(0, 10),
      seq: row.seq,
      at: row.at,
      updates: row.updates,
    }));
  }

  async writeCheckpoint(docId: string, checkpoint: Checkpoint): Promise<void> {
    this.statements.insertCheckpoint.run(this.docKey(docId), checkpoint.seq, checkpoint.createdAt, checkpoint.state);
  }

  async ensureUser(user: { id: string; name: string; role: UserRecord['role'] }, at: number): Promise<UserRecord> {
    const ensure = this.db.transaction((): UserRow => {
      const inserted = this.statements.insertUser.run(user.id, user.name, user.role, at);
      if (inserted.changes > 0) {
        this.insertAuditRow({ at, actorId: 'system', action: 'user.create', subject: user.id, detail: { name: user.name, role: user.role } });
      }
      const row = this.statements.userById.get(user.id);
      if (!row) throw new StoreIntegrityError(`user "${user.id}" vanished while being created`);
      return row;
    });
    return toUser(ensure.immediate());
  }

  async getUser(id: string): Promise<UserRecord | null> {
    const row = this.statements.userById.get(id);
    return row ? toUser(row) : null;
  }

  async findUser(name: string, role: UserRecord['role']): Promise<UserRecord | null> {
    const row = this.statements.userByNameRole.get(name, role);
    return row ? toUser(row) : null;
  }

  async appendAudit(event: AuditEventInput): Promise<number> {
    return this.db.transaction(() => this.insertAuditRow(event)).immediate();
  }

  async listAudit(afterId: number, limit: number): Promise<AuditEvent[]> {
    return this.statements.listAudit.all(afterId, limit).map((row) => ({
      id: row.id,
      at: row.at,
      actorId: row.actor_id,
      action: row.action,
      subject: row.subject,
      ...(row.detail === null ? {} : { detail: JSON.parse(row.detail) as Record<string, unknown> }),
      hash: row.hash.toString('hex'),
    }));
  }

  async auditHead(): Promise<AuditHead> {
    const head = this.statements.auditHead.get();
    return { count: head?.id ?? 0, hash: (head?.hash ?? GENESIS_HASH).toString('hex') };
  }

  async auditRecords(afterId: number, limit: number): Promise<AuditRecord[]> {
    // One read transaction, so that the events and the updates they name are the same snapshot.
    return this.db.transaction(() => {
      const rows = this.statements.auditPage.all(afterId, limit);
      // The updates a page names are read per document as one range of seqs (they are consecutive
      // in the chain), not one lookup each: verifying a million events is dominated by this read.
      const targets: Array<{ docId: string; seq: number } | null> = [];
      const wanted = new Map<string, { min: number; max: number; seqs: number[] }>();
      for (const row of rows) {
        const target = row[3] === UPDATE_ACTION ? parseUpdateSubject(row[4]) : null;
        targets.push(target);
        if (!target) continue;
        const range = wanted.get(target.docId);
        if (range) {
          range.min = Math.min(range.min, target.seq);
          range.max = Math.max(range.max, target.seq);
          range.seqs.push(target.seq);
        } else wanted.set(target.docId, { min: target.seq, max: target.seq, seqs: [target.seq] });
      }
      type LogRow = [number, number, number, Buffer];
      // Per document, its log rows by seq − min (an array: the range is dense). A range much wider
      // than the seqs it holds (a subject changed to a far seq) is read seq by seq instead, so a
      // tampered event costs a few lookups, not a read of the whole log.
      const logged = new Map<string, { min: number; rows: Array<LogRow | undefined> } | Map<number, LogRow>>();
      for (const [docId, range] of wanted) {
        const key = this.statements.docKey.get(docId)?.key;
        if (key === undefined) continue;
        if (range.max - range.min + 1 > 2 * range.seqs.length + 64) {
          const sparse = new Map<number, LogRow>();
          for (const seq of range.seqs) {
            const entry = this.statements.updateRowAt.get(key, seq);
            if (entry) sparse.set(seq, entry);
          }
          logged.set(docId, sparse);
          continue;
        }
        const dense: Array<LogRow | undefined> = new Array(range.max - range.min + 1);
        for (const entry of this.statements.updateRowsRange.all(key, range.min, range.max)) dense[entry[0] - range.min] = entry;
        logged.set(docId, { min: range.min, rows: dense });
      }
      return rows.map(([id, at, actorId, action, subject, detail, hash], i): AuditRecord => {
        const target = targets[i];
        const log = target ? logged.get(target.docId) : undefined;
        const entry = !target || !log ? undefined : log instanceof Map ? log.get(target.seq) : log.rows[target.seq - log.min];
        // One shape for every record, with or without an update.
        return {
          id,
          at,
          actorId,
          action,
          subject,
          detail,
          hash,
          update: entry?.[3],
          logged: entry ? { userId: this.knownUserId(entry[1]), receivedAt: entry[2] } : undefined,
        };
      });
    })();
  }

  async updateCounts(): Promise<Map<string, number>> {
    return new Map(this.statements.updateCounts.all().map((row) => [row.id, row.n]));
  }

  async getSetting(key: string): Promise<string | null> {
    return this.statements.getSetting.get(key)?.value ?? null;
  }

  async setSettingIfAbsent(key: string, value: string): Promise<string> {
    this.statements.insertSetting.run(key, value);
    return this.statements.getSetting.get(key)?.value ?? value;
  }

  async changeSetting(key: string, value: string, audit: AuditEventInput): Promise<void> {
    this.db
      .transaction(() => {
        this.statements.upsertSetting.run(key, value);
        this.insertAuditRow(audit);
      })
      .immediate();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function toVersion(row: VersionRow): VersionRecord {
  return { id: row.id, docId: row.doc_id, seq: row.seq, name: row.name, note: row.note, createdBy: row.created_by, createdAt: row.created_at };
}

function toUser(row: UserRow): UserRecord {
  if (!isRole(row.role)) throw new StoreIntegrityError(`user "${row.id}" has unknown role "${row.role}"`);
  return { id: row.id, name: row.name, role: row.role, createdAt: row.created_at };
}
