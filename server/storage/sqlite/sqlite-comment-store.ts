/**
 * Comments, their moderation and addressing in SQLite, sharing the main store's connection so that
 * every write, its rate-limit check and its audit event commit in one transaction (state checks run
 * inside it too: two moderators hiding at once cannot both succeed).
 */
import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { isRole } from '../../../shared/auth/roles.ts';
import type { ArticleCommentCounts } from '../../../shared/comments/comment-types.ts';
import type { PassageAnchor } from '../../../shared/provenance/link-types.ts';
import { checkRateWindows, type RateWindow } from '../../comments/rate-windows.ts';
import {
  type CommentInput,
  type CommentPage,
  CommentStateError,
  type CommentStore,
  type QueuePage,
  type ReplyQuery,
  type StoredComment,
  type ThreadQuery,
  UnknownCursorError,
} from '../comment-store.ts';
import type { AuditEventInput } from '../store.ts';
import { SQLITE_COMMENT_SCHEMA } from './sqlite-comment-schema.ts';

interface CommentRow {
  key: number;
  id: string;
  doc_id: string;
  article_uid: string;
  parent_key: number | null;
  parent_id: string | null;
  author_id: string;
  author_name: string | null;
  author_role: string | null;
  body: string;
  anchor_start: string | null;
  anchor_end: string | null;
  quote: string | null;
  prefix: string | null;
  suffix: string | null;
  created_at: number;
  reply_count: number;
  visibility: string | null;
  visibility_reason: string | null;
  visibility_by: string | null;
  visibility_by_name: string | null;
  visibility_at: number | null;
  addressing: string | null;
  addressed_seq: number | null;
  addressed_note: string | null;
  addressed_by: string | null;
  addressed_by_name: string | null;
  addressed_at: number | null;
  flag_count: number;
  flagged_by_viewer: number;
}

/** Thrown when a stored comment is not what the schema promises, or a write names a comment that cannot be its parent. */
export class CommentIntegrityError extends Error {
  override name = 'CommentIntegrityError';
}

/** A new comment id: `cmt_` and 80 random bits in hex. */
export function newCommentId(): string {
  return `cmt_${randomBytes(10).toString('hex')}`;
}

/** Flags a queue entry shows; the count says how many more there are. */
const QUEUE_FLAGS_SHOWN = 50;

// Every comment read carries its current state: the latest hide/unhide event (a `keep` decides
// flags, it does not change visibility), the latest addressing event, reply and flag counts. Each
// is an index lookup per row, so a page costs its size.
const SELECT = `
SELECT c.key, c.id, c.doc_id, c.article_uid, c.parent_key, p.id AS parent_id,
  c.author_id, au.name AS author_name, au.role AS author_role,
  c.body, c.anchor_start, c.anchor_end, c.quote, c.prefix, c.suffix, c.created_at,
  CASE WHEN c.parent_key IS NULL THEN (SELECT COUNT(*) FROM comments r WHERE r.parent_key = c.key) ELSE 0 END AS reply_count,
  v.action AS visibility, v.reason AS visibility_reason, v.actor_id AS visibility_by, vu.name AS visibility_by_name, v.at AS visibility_at,
  a.action AS addressing, a.seq AS addressed_seq, a.note AS addressed_note, a.actor_id AS addressed_by, adu.name AS addressed_by_name, a.at AS addressed_at,
  (SELECT COUNT(*) FROM comment_flags f WHERE f.comment_key = c.key) AS flag_count,
  EXISTS (SELECT 1 FROM comment_flags f WHERE f.comment_key = c.key AND f.user_id = @viewer) AS flagged_by_viewer
FROM comments c
LEFT JOIN comments p ON p.key = c.parent_key
LEFT JOIN users au ON au.id = c.author_id
LEFT JOIN comment_moderation v ON v.key = (SELECT MAX(m.key) FROM comment_moderation m WHERE m.comment_key = c.key AND m.action <> 'keep')
LEFT JOIN users vu ON vu.id = v.actor_id
LEFT JOIN comment_addressing a ON a.key = (SELECT MAX(x.key) FROM comment_addressing x WHERE x.comment_key = c.key)
LEFT JOIN users adu ON adu.id = a.actor_id`;

/** Digest of a body for the audit chain: the chain can vouch for a comment's words without holding them (hidden text would stay in it forever). */
function bodyDigest(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

export class SqliteCommentStore implements CommentStore {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly insertAudit: (event: AuditEventInput) => number,
  ) {
    db.exec(SQLITE_COMMENT_SCHEMA);
    this.statements = {
      byId: db.prepare<[{ id: string; viewer: string }], CommentRow>(`${SELECT} WHERE c.id = @id`),
      byKey: db.prepare<[{ key: number; viewer: string }], CommentRow>(`${SELECT} WHERE c.key = @key`),
      insert: db.prepare(
        `INSERT INTO comments (id, doc_id, article_uid, parent_key, author_id, body, anchor_start, anchor_end, quote, prefix, suffix, created_at)
         VALUES (@id, @doc_id, @article_uid, @parent_key, @author_id, @body, @anchor_start, @anchor_end, @quote, @prefix, @suffix, @created_at)`,
      ),
      keyOf: db.prepare<[string], { key: number; doc_id: string; article_uid: string; parent_key: number | null }>(
        'SELECT key, doc_id, article_uid, parent_key FROM comments WHERE id = ?',
      ),
      threadsNewest: db.prepare<[{ doc: string; article: string; cursor: number; limit: number; viewer: string }], CommentRow>(
        `${SELECT} WHERE c.doc_id = @doc AND c.article_uid = @article AND c.parent_key IS NULL AND c.key < @cursor ORDER BY c.key DESC LIMIT @limit`,
      ),
      threadsOldest: db.prepare<[{ doc: string; article: string; cursor: number; limit: number; viewer: string }], CommentRow>(
        `${SELECT} WHERE c.doc_id = @doc AND c.article_uid = @article AND c.parent_key IS NULL AND c.key > @cursor ORDER BY c.key LIMIT @limit`,
      ),
      threadCursor: db.prepare<[string, string, string], { key: number }>(
        'SELECT key FROM comments WHERE id = ? AND doc_id = ? AND article_uid = ? AND parent_key IS NULL',
      ),
      countThreads: db.prepare<[string, string], { threads: number }>('SELECT threads FROM article_participation WHERE doc_id = ? AND article_uid = ?'),
      replies: db.prepare<[{ parent: number; cursor: number; limit: number; viewer: string }], CommentRow>(
        `${SELECT} WHERE c.parent_key = @parent AND c.key > @cursor ORDER BY c.key LIMIT @limit`,
      ),
      replyCursor: db.prepare<[string, number], { key: number }>('SELECT key FROM comments WHERE id = ? AND parent_key = ?'),
      authorCount: db.prepare<[string, number], { n: number }>('SELECT COUNT(*) AS n FROM comments WHERE author_id = ? AND created_at > ?'),
      authorTimeAt: db.prepare<[string, number, number], { at: number }>(
        'SELECT created_at AS at FROM comments WHERE author_id = ? AND created_at > ? ORDER BY created_at LIMIT 1 OFFSET ?',
      ),
      flaggerCount: db.prepare<[string, number], { n: number }>('SELECT COUNT(*) AS n FROM comment_flags WHERE user_id = ? AND at > ?'),
      flaggerTimeAt: db.prepare<[string, number, number], { at: number }>(
        'SELECT at FROM comment_flags WHERE user_id = ? AND at > ? ORDER BY at LIMIT 1 OFFSET ?',
      ),
      flagOf: db.prepare<[number, string], { key: number }>('SELECT key FROM comment_flags WHERE comment_key = ? AND user_id = ?'),
      insertFlag: db.prepare('INSERT INTO comment_flags (comment_key, user_id, reason, at) VALUES (?, ?, ?, ?)'),
      insertModeration: db.prepare('INSERT INTO comment_moderation (comment_key, action, reason, actor_id, at) VALUES (?, ?, ?, ?, ?)'),
      insertAddressing: db.prepare('INSERT INTO comment_addressing (comment_key, action, seq, note, actor_id, at) VALUES (?, ?, ?, ?, ?, ?)'),
      queued: db.prepare<[number], { first_flag_key: number }>('SELECT first_flag_key FROM comment_flag_queue WHERE comment_key = ?'),
      pendingFlagCount: db.prepare<[number, number], { n: number }>('SELECT COUNT(*) AS n FROM comment_flags WHERE comment_key = ? AND key >= ?'),
      queuePage: db.prepare<[number, number], { comment_key: number; first_flag_key: number }>(
        'SELECT comment_key, first_flag_key FROM comment_flag_queue WHERE first_flag_key > ? ORDER BY first_flag_key LIMIT ?',
      ),
      queueTotal: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM comment_flag_queue'),
      pendingFlags: db.prepare<[number, number, number], { user_id: string; name: string | null; reason: string; at: number }>(
        `SELECT f.user_id, u.name, f.reason, f.at FROM comment_flags f LEFT JOIN users u ON u.id = f.user_id
         WHERE f.comment_key = ? AND f.key >= ? ORDER BY f.key LIMIT ?`,
      ),
      counts: db.prepare<[string], { article_uid: string; threads: number; comments: number; support: number; oppose: number }>(
        `SELECT article_uid, threads, comments, support, oppose FROM article_participation
         WHERE doc_id = ? AND (threads > 0 OR comments > 0 OR support > 0 OR oppose > 0)`,
      ),
    };
  }

  /** The comment's row for a write, inside the caller's transaction; null when there is no such comment. */
  private rowForWrite(id: string, actorId: string): CommentRow | null {
    return this.statements.byId.get({ id, viewer: actorId }) ?? null;
  }

  private readKey(key: number, viewerId: string): StoredComment {
    const row = this.statements.byKey.get({ key, viewer: viewerId });
    if (!row) throw new CommentIntegrityError(`comment ${key} vanished after being written`);
    return toComment(row);
  }

  async createComment(input: CommentInput, actorId: string, at: number, limits: readonly RateWindow[]): Promise<StoredComment> {
    const key = this.db
      .transaction((): number => {
        checkRateWindows(limits, at, {
          countSince: (since) => this.statements.authorCount.get(actorId, since)?.n ?? 0,
          timeAt: (since, index) => this.statements.authorTimeAt.get(actorId, since, index)?.at ?? null,
        });
        let parentKey: number | null = null;
        if (input.parentId !== null) {
          const parent = this.statements.keyOf.get(input.parentId);
          if (!parent || parent.parent_key !== null || parent.doc_id !== input.docId || parent.article_uid !== input.articleUid) {
            throw new CommentIntegrityError(`comment ${input.parentId} cannot be the parent of a reply on ${input.docId}/${input.articleUid}`);
          }
          parentKey = parent.key;
        }
        const id = newCommentId();
        const inserted = this.statements.insert.run({
          id,
          doc_id: input.docId,
          article_uid: input.articleUid,
          parent_key: parentKey,
          author_id: actorId,
          body: input.body,
          anchor_start: input.anchor?.start ?? null,
          anchor_end: input.anchor?.end ?? null,
          quote: input.anchor?.quote ?? null,
          prefix: input.anchor?.prefix ?? null,
          suffix: input.anchor?.suffix ?? null,
          created_at: at,
        });
        this.insertAudit({
          at,
          actorId,
          action: 'comment.create',
          subject: id,
          detail: {
            docId: input.docId,
            articleUid: input.articleUid,
            ...(input.parentId === null ? {} : { parentId: input.parentId }),
            passage: input.anchor !== null,
            bodySha256: bodyDigest(input.body),
          },
        });
        return Number(inserted.lastInsertRowid);
      })
      .immediate();
    return this.readKey(key, actorId);
  }

  async getComment(id: string, viewerId: string): Promise<StoredComment | null> {
    const row = this.statements.byId.get({ id, viewer: viewerId });
    return row ? toComment(row) : null;
  }

  async listThreads(query: ThreadQuery): Promise<CommentPage> {
    let cursor = query.order === 'newest' ? Number.MAX_SAFE_INTEGER : 0;
    if (query.after !== undefined) {
      const found = this.statements.threadCursor.get(query.after, query.docId, query.articleUid);
      if (!found) throw new UnknownCursorError(`"${query.after}" is not a thread of this article`);
      cursor = found.key;
    }
    const statement = query.order === 'newest' ? this.statements.threadsNewest : this.statements.threadsOldest;
    const rows = statement.all({ doc: query.docId, article: query.articleUid, cursor, limit: query.limit + 1, viewer: query.viewerId });
    return pageOf(rows, query.limit);
  }

  async listReplies(query: ReplyQuery): Promise<CommentPage> {
    const parent = this.statements.keyOf.get(query.parentId);
    if (!parent) return { comments: [], next: null };
    let cursor = 0;
    if (query.after !== undefined) {
      const found = this.statements.replyCursor.get(query.after, parent.key);
      if (!found) throw new UnknownCursorError(`"${query.after}" is not a reply in this thread`);
      cursor = found.key;
    }
    const rows = this.statements.replies.all({ parent: parent.key, cursor, limit: query.limit + 1, viewer: query.viewerId });
    return pageOf(rows, query.limit);
  }

  async countThreads(docId: string, articleUid: string): Promise<number> {
    return this.statements.countThreads.get(docId, articleUid)?.threads ?? 0;
  }

  async flagComment(id: string, reason: string, actorId: string, at: number, limits: readonly RateWindow[]): Promise<StoredComment> {
    const key = this.db
      .transaction((): number => {
        const row = this.requireRow(id, actorId);
        if (row.visibility === 'hide') throw new CommentStateError('already-hidden', 'This comment is already hidden.');
        if (this.statements.flagOf.get(row.key, actorId)) throw new CommentStateError('already-flagged', 'You have already flagged this comment.');
        checkRateWindows(limits, at, {
          countSince: (since) => this.statements.flaggerCount.get(actorId, since)?.n ?? 0,
          timeAt: (since, index) => this.statements.flaggerTimeAt.get(actorId, since, index)?.at ?? null,
        });
        this.statements.insertFlag.run(row.key, actorId, reason, at);
        // The reason is a reader's free text about someone else's words: the chain records that a
        // flag was raised, the row keeps what it said.
        this.insertAudit({ at, actorId, action: 'comment.flag', subject: id, detail: { docId: row.doc_id, articleUid: row.article_uid, withReason: reason !== '' } });
        return row.key;
      })
      .immediate();
    return this.readKey(key, actorId);
  }

  async hideComment(id: string, reason: string, actorId: string, at: number): Promise<StoredComment> {
    return this.moderate(id, actorId, (row) => {
      if (row.visibility === 'hide') throw new CommentStateError('already-hidden', 'This comment is already hidden.');
      return { action: 'hide', reason, at };
    });
  }

  async unhideComment(id: string, reason: string, actorId: string, at: number): Promise<StoredComment> {
    return this.moderate(id, actorId, (row) => {
      if (row.visibility !== 'hide') throw new CommentStateError('not-hidden', 'This comment is not hidden.');
      return { action: 'unhide', reason, at };
    });
  }

  async keepComment(id: string, reason: string, actorId: string, at: number): Promise<StoredComment> {
    return this.moderate(id, actorId, (row) => {
      if (!this.statements.queued.get(row.key)) throw new CommentStateError('not-flagged', 'No flag on this comment is waiting for a decision.');
      return { action: 'keep', reason, at };
    });
  }

  /** One moderation event (which also takes the comment out of the queue, by trigger) and its audit event. */
  private moderate(id: string, actorId: string, decide: (row: CommentRow) => { action: 'hide' | 'unhide' | 'keep'; reason: string; at: number }): StoredComment {
    const key = this.db
      .transaction((): number => {
        const row = this.requireRow(id, actorId);
        const { action, reason, at } = decide(row);
        const queued = this.statements.queued.get(row.key);
        const pendingFlags = queued ? (this.statements.pendingFlagCount.get(row.key, queued.first_flag_key)?.n ?? 0) : 0;
        this.statements.insertModeration.run(row.key, action, reason, actorId, at);
        this.insertAudit({ at, actorId, action: `comment.${action}`, subject: id, detail: { docId: row.doc_id, articleUid: row.article_uid, reason, pendingFlags } });
        return row.key;
      })
      .immediate();
    return this.readKey(key, actorId);
  }

  async addressThread(id: string, mark: { seq: number | null; note: string }, actorId: string, at: number): Promise<StoredComment> {
    const key = this.db
      .transaction((): number => {
        const row = this.requireRow(id, actorId);
        if (row.parent_key !== null) throw new CommentStateError('not-a-thread', 'Only a thread (its first comment) is addressed, not a reply.');
        if (row.addressing === 'address') throw new CommentStateError('already-addressed', 'This thread is already marked addressed; reopen it first.');
        this.statements.insertAddressing.run(row.key, 'address', mark.seq, mark.note, actorId, at);
        this.insertAudit({ at, actorId, action: 'comment.address', subject: id, detail: { docId: row.doc_id, articleUid: row.article_uid, seq: mark.seq, note: mark.note } });
        return row.key;
      })
      .immediate();
    return this.readKey(key, actorId);
  }

  async reopenThread(id: string, note: string, actorId: string, at: number): Promise<StoredComment> {
    const key = this.db
      .transaction((): number => {
        const row = this.requireRow(id, actorId);
        if (row.parent_key !== null) throw new CommentStateError('not-a-thread', 'Only a thread (its first comment) is addressed, not a reply.');
        if (row.addressing !== 'address') throw new CommentStateError('not-addressed', 'This thread is not marked addressed.');
        this.statements.insertAddressing.run(row.key, 'reopen', null, note, actorId, at);
        this.insertAudit({ at, actorId, action: 'comment.reopen', subject: id, detail: { docId: row.doc_id, articleUid: row.article_uid, note } });
        return row.key;
      })
      .immediate();
    return this.readKey(key, actorId);
  }

  private requireRow(id: string, actorId: string): CommentRow {
    const row = this.rowForWrite(id, actorId);
    if (!row) throw new CommentIntegrityError(`comment ${id} does not exist`);
    return row;
  }

  async moderationQueue(limit: number, after: string | undefined, viewerId: string): Promise<QueuePage> {
    let cursor = 0;
    if (after !== undefined) {
      if (!/^\d{1,15}$/.test(after)) throw new UnknownCursorError(`"${after}" is not a queue cursor`);
      cursor = Number(after);
    }
    // One read transaction: the page, its flags and the total are the same snapshot.
    return this.db.transaction((): QueuePage => {
      const rows = this.statements.queuePage.all(cursor, limit + 1);
      const shown = rows.slice(0, limit);
      const entries = shown.map((entry) => {
        const flags = this.statements.pendingFlags.all(entry.comment_key, entry.first_flag_key, QUEUE_FLAGS_SHOWN);
        return {
          comment: this.readKey(entry.comment_key, viewerId),
          pendingSince: flags[0]?.at ?? 0,
          pendingFlags: this.statements.pendingFlagCount.get(entry.comment_key, entry.first_flag_key)?.n ?? 0,
          flags: flags.map((f) => ({ by: { id: f.user_id, name: f.name ?? f.user_id }, reason: f.reason, at: f.at })),
        };
      });
      const next = rows.length > limit ? String(shown.at(-1)?.first_flag_key ?? cursor) : null;
      return { entries, total: this.statements.queueTotal.get()?.n ?? 0, next };
    })();
  }

  async countsOf(docId: string): Promise<Map<string, ArticleCommentCounts>> {
    return new Map(this.statements.counts.all(docId).map((row) => [row.article_uid, { threads: row.threads, comments: row.comments, support: row.support, oppose: row.oppose }]));
  }
}

function pageOf(rows: CommentRow[], limit: number): CommentPage {
  const shown = rows.slice(0, limit);
  return { comments: shown.map(toComment), next: rows.length > limit ? (shown.at(-1)?.id ?? null) : null };
}

function toComment(row: CommentRow): StoredComment {
  const anchor: PassageAnchor | null =
    row.anchor_start === null || row.anchor_end === null
      ? null
      : { start: row.anchor_start, end: row.anchor_end, quote: row.quote ?? '', prefix: row.prefix ?? '', suffix: row.suffix ?? '' };
  if (row.parent_key !== null && row.parent_id === null) throw new CommentIntegrityError(`comment ${row.id} names a parent that does not exist`);
  return {
    id: row.id,
    docId: row.doc_id,
    articleUid: row.article_uid,
    parentId: row.parent_id,
    author: { id: row.author_id, name: row.author_name ?? row.author_id, role: isRole(row.author_role) ? row.author_role : null },
    body: row.body,
    anchor,
    createdAt: row.created_at,
    replyCount: row.reply_count,
    hidden:
      row.visibility === 'hide'
        ? { reason: row.visibility_reason ?? '', by: { id: row.visibility_by ?? '', name: row.visibility_by_name ?? row.visibility_by ?? '' }, at: row.visibility_at ?? 0 }
        : null,
    addressed:
      row.addressing === 'address'
        ? {
            by: { id: row.addressed_by ?? '', name: row.addressed_by_name ?? row.addressed_by ?? '' },
            at: row.addressed_at ?? 0,
            seq: row.addressed_seq,
            note: row.addressed_note ?? '',
          }
        : null,
    flags: row.flag_count,
    flaggedByViewer: row.flagged_by_viewer === 1,
  };
}
