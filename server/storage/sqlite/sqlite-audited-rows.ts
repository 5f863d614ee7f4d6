/**
 * The checked rows in SQLite (storage/audited-rows.ts), each table read in key order (the order
 * its rows and their events were written) and turned into the shape its event vouches for:
 * references to other rows (a version's document, a retirement's link, a reply's parent) are
 * joined to the ids the events name, and a comment's body is reduced to its SHA-256, which is all
 * its event records.
 *
 * The joins are LEFT JOINs: a row whose reference was broken still counts, with null where the
 * id should be, so it is reported as a changed row rather than passing for a deleted one.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { AuditedRow, AuditedTable } from '../../../verifier/audit-rows.mjs';
import type { AuditedRows, AuditSnapshot, PositionedRow } from '../audited-rows.ts';
import { GENESIS_HASH } from '../../../verifier/audit-chain.mjs';

type RawRow = Record<string, string | number | boolean | null | Buffer>;

/** Per table: the query (position, then the row's fields, as named in rows.jsonl), bounded by `after < position ≤ upTo`. */
const QUERIES: Record<AuditedTable, string> = {
  documents: 'SELECT key AS position, id, title, created_at AS createdAt FROM documents WHERE key > ? AND key <= ? ORDER BY key LIMIT ?',
  users: 'SELECT key AS position, id, name, role, created_at AS createdAt FROM users WHERE key > ? AND key <= ? ORDER BY key LIMIT ?',
  versions: `SELECT v.key AS position, v.id, d.id AS docId, v.seq, v.name, v.note, v.created_by AS createdBy, v.created_at AS createdAt
    FROM versions v LEFT JOIN documents d ON d.key = v.doc_key WHERE v.key > ? AND v.key <= ? ORDER BY v.key LIMIT ?`,
  links: `SELECT key AS position, id, doc_id AS docId, article_uid AS articleUid, source_id AS sourceId, relation,
    anchor_start IS NOT NULL AS passage, replaces, created_by AS createdBy, created_at AS createdAt
    FROM links WHERE key > ? AND key <= ? ORDER BY key LIMIT ?`,
  link_retirements: `SELECT r.rowid AS position, l.id AS linkId, r.reason, r.retired_by AS retiredBy, r.retired_at AS retiredAt
    FROM link_retirements r LEFT JOIN links l ON l.key = r.link_key WHERE r.rowid > ? AND r.rowid <= ? ORDER BY r.rowid LIMIT ?`,
  comments: `SELECT c.key AS position, c.id, c.doc_id AS docId, c.article_uid AS articleUid, p.id AS parentId, c.author_id AS authorId,
    c.anchor_start IS NOT NULL AS passage, c.body, c.created_at AS createdAt
    FROM comments c LEFT JOIN comments p ON p.key = c.parent_key WHERE c.key > ? AND c.key <= ? ORDER BY c.key LIMIT ?`,
  comment_flags: `SELECT f.key AS position, c.id AS commentId, f.user_id AS userId, f.reason <> '' AS withReason, f.at
    FROM comment_flags f LEFT JOIN comments c ON c.key = f.comment_key WHERE f.key > ? AND f.key <= ? ORDER BY f.key LIMIT ?`,
  comment_moderation: `SELECT m.key AS position, c.id AS commentId, m.action, m.reason, m.actor_id AS actorId, m.at
    FROM comment_moderation m LEFT JOIN comments c ON c.key = m.comment_key WHERE m.key > ? AND m.key <= ? ORDER BY m.key LIMIT ?`,
  comment_addressing: `SELECT a.key AS position, c.id AS commentId, a.action, a.seq, a.note, a.actor_id AS actorId, a.at
    FROM comment_addressing a LEFT JOIN comments c ON c.key = a.comment_key WHERE a.key > ? AND a.key <= ? ORDER BY a.key LIMIT ?`,
};

/** SQLite answers a comparison with 0 or 1; the events hold booleans. */
const BOOLEAN_FIELDS = new Set(['passage', 'withReason']);

const ROW_ENDS = `SELECT
  (SELECT COALESCE(MAX(key), 0) FROM documents) AS documents,
  (SELECT COALESCE(MAX(key), 0) FROM users) AS users,
  (SELECT COALESCE(MAX(key), 0) FROM versions) AS versions,
  (SELECT COALESCE(MAX(key), 0) FROM links) AS links,
  (SELECT COALESCE(MAX(rowid), 0) FROM link_retirements) AS link_retirements,
  (SELECT COALESCE(MAX(key), 0) FROM comments) AS comments,
  (SELECT COALESCE(MAX(key), 0) FROM comment_flags) AS comment_flags,
  (SELECT COALESCE(MAX(key), 0) FROM comment_moderation) AS comment_moderation,
  (SELECT COALESCE(MAX(key), 0) FROM comment_addressing) AS comment_addressing`;

function toRow(raw: RawRow): PositionedRow {
  const row: Record<string, string | number | boolean | null> = {};
  let position = 0;
  for (const [field, value] of Object.entries(raw)) {
    if (field === 'position') position = Number(value);
    else if (field === 'body') row.bodySha256 = createHash('sha256').update(String(value), 'utf8').digest('hex');
    else if (BOOLEAN_FIELDS.has(field)) row[field] = value === 1;
    else row[field] = Buffer.isBuffer(value) ? value.toString('hex') : value;
  }
  return { position, row: row as AuditedRow };
}

export class SqliteAuditedRows implements AuditedRows {
  private readonly pages: Record<AuditedTable, Database.Statement<[number, number, number], RawRow>>;
  private readonly statements;

  /** Opened after the link and comment stores, whose tables it reads. */
  constructor(private readonly db: Database.Database) {
    const pages: Partial<Record<AuditedTable, Database.Statement<[number, number, number], RawRow>>> = {};
    for (const [table, sql] of Object.entries(QUERIES) as Array<[AuditedTable, string]>) pages[table] = db.prepare<[number, number, number], RawRow>(sql);
    this.pages = pages as Record<AuditedTable, Database.Statement<[number, number, number], RawRow>>;
    this.statements = {
      head: db.prepare<[], { id: number; hash: Buffer }>('SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1'),
      updateCounts: db.prepare<[], { id: string; n: number }>(
        'SELECT d.id, (SELECT COUNT(*) FROM update_log l WHERE l.doc_key = d.key) AS n FROM documents d ORDER BY d.key',
      ),
      rowEnds: db.prepare<[], Record<AuditedTable, number>>(ROW_ENDS),
    };
  }

  async snapshot(): Promise<AuditSnapshot> {
    // One read transaction: the head, the logs and the rows as one moment of the database.
    return this.db.transaction((): AuditSnapshot => {
      const head = this.statements.head.get();
      const rowEnds = this.statements.rowEnds.get();
      if (!rowEnds) throw new Error('the row counts query answered nothing');
      return {
        head: { count: head?.id ?? 0, hash: (head?.hash ?? GENESIS_HASH).toString('hex') },
        updates: new Map(this.statements.updateCounts.all().map((row) => [row.id, row.n])),
        rowEnds,
      };
    })();
  }

  async page(table: AuditedTable, after: number, upTo: number, limit: number): Promise<PositionedRow[]> {
    return this.pages[table].all(after, upTo, limit).map(toRow);
  }
}
