/**
 * Stances in SQLite, on the main store's connection: the change and its audit event commit
 * together, and the per-article counts follow by trigger (sqlite-comment-schema.ts).
 */
import type Database from 'better-sqlite3';
import { isStance, type Stance } from '../../../shared/comments/comment-types.ts';
import type { StanceCounts, StanceStore } from '../stance-store.ts';
import type { AuditEventInput } from '../store.ts';
import { SQLITE_COMMENT_SCHEMA } from './sqlite-comment-schema.ts';

export class SqliteStanceStore implements StanceStore {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly insertAudit: (event: AuditEventInput) => number,
  ) {
    // Idempotent: the stance and count tables live in the participation schema with the comments.
    db.exec(SQLITE_COMMENT_SCHEMA);
    this.statements = {
      get: db.prepare<[string, string, string], { stance: string }>('SELECT stance FROM stances WHERE doc_id = ? AND article_uid = ? AND user_id = ?'),
      insert: db.prepare('INSERT INTO stances (doc_id, article_uid, user_id, stance, updated_at) VALUES (?, ?, ?, ?, ?)'),
      update: db.prepare('UPDATE stances SET stance = ?, updated_at = ? WHERE doc_id = ? AND article_uid = ? AND user_id = ?'),
      remove: db.prepare('DELETE FROM stances WHERE doc_id = ? AND article_uid = ? AND user_id = ?'),
      counts: db.prepare<[string, string], { support: number; oppose: number }>('SELECT support, oppose FROM article_participation WHERE doc_id = ? AND article_uid = ?'),
    };
  }

  private current(docId: string, articleUid: string, userId: string): Stance | null {
    const stance = this.statements.get.get(docId, articleUid, userId)?.stance;
    return isStance(stance) ? stance : null;
  }

  async setStance(docId: string, articleUid: string, userId: string, stance: Stance | null, at: number): Promise<{ changed: boolean; previous: Stance | null }> {
    return this.db
      .transaction(() => {
        const previous = this.current(docId, articleUid, userId);
        if (previous === stance) return { changed: false, previous };
        if (stance === null) this.statements.remove.run(docId, articleUid, userId);
        else if (previous === null) this.statements.insert.run(docId, articleUid, userId, stance, at);
        else this.statements.update.run(stance, at, docId, articleUid, userId);
        this.insertAudit({ at, actorId: userId, action: 'stance.set', subject: `${docId}/${articleUid}`, detail: { docId, articleUid, stance, previous } });
        return { changed: true, previous };
      })
      .immediate();
  }

  async stanceOf(docId: string, articleUid: string, userId: string): Promise<Stance | null> {
    return this.current(docId, articleUid, userId);
  }

  async counts(docId: string, articleUid: string): Promise<StanceCounts> {
    const row = this.statements.counts.get(docId, articleUid);
    return { support: row?.support ?? 0, oppose: row?.oppose ?? 0 };
  }
}
