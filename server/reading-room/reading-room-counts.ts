/**
 * The comment and support/opposition counts the reading room shows under each article: the store's
 * per-article counts (`comments.countsOf`, one small read kept by triggers), held per document so
 * that a page served from the cache costs no read at all.
 *
 * They are read again once a comment or stance was written through this server (the routes'
 * commentsChanged hook calls `invalidate` before they answer) and the counts held are at least
 * `refreshMs` old, and in any case once they are `maxAgeMs` old, which covers writes this process
 * does not see (another process on the same data directory, the CLI). So a page shows counts at
 * most `refreshMs` behind a write through this server and `maxAgeMs` behind any other; and however
 * fast comments and stances arrive, a page is composed again (and compressed) at most once per
 * `refreshMs`, so a burst of writes cannot take the server's time from its readers.
 */
import type { ArticleCommentCounts } from '../../shared/comments/comment-types.ts';
import type { CommentStore } from '../storage/comment-store.ts';

/** How old shown counts may be after a write through this server: at most five compositions a second per page. */
export const COUNTS_REFRESH_MS = 200;
/** How old shown counts may be after a write this process did not see. */
export const COUNTS_MAX_AGE_MS = 1_000;

export interface DocumentCounts {
  /** By article uid; an article absent from the map has no comment and no stance. */
  byArticle: ReadonlyMap<string, ArticleCommentCounts>;
  /** Changes exactly when the counts do, so a page composed with them can be kept until then. */
  generation: number;
}

interface Kept {
  counts: DocumentCounts;
  /** The counts in one string, to tell whether a fresh read changed anything. */
  digest: string;
  readAt: number;
  /** The document's invalidation count when the read started: a later invalidation makes it outdated. */
  epoch: number;
}

function digestOf(byArticle: ReadonlyMap<string, ArticleCommentCounts>): string {
  return [...byArticle].map(([uid, c]) => `${uid}:${c.threads},${c.comments},${c.support},${c.oppose}`).sort().join(';');
}

export class ReadingRoomCounts {
  private readonly kept = new Map<string, Kept>();
  /** Invalidations per document, counted rather than flagged so one that lands during a read is not lost. */
  private readonly epochs = new Map<string, number>();
  private generation = 0;

  constructor(
    private readonly store: Pick<CommentStore, 'countsOf'>,
    private readonly timing: { refreshMs: number; maxAgeMs: number } = { refreshMs: COUNTS_REFRESH_MS, maxAgeMs: COUNTS_MAX_AGE_MS },
    private readonly now: () => number = Date.now,
  ) {}

  /** The document's counts, read again when invalidated and `refreshMs` old, or when `maxAgeMs` old. */
  async of(docId: string): Promise<DocumentCounts> {
    const epoch = this.epochs.get(docId) ?? 0;
    const kept = this.kept.get(docId);
    const at = this.now();
    if (kept) {
      const age = at - kept.readAt;
      if (age < this.timing.maxAgeMs && (kept.epoch === epoch || age < this.timing.refreshMs)) return kept.counts;
    }
    const byArticle = await this.store.countsOf(docId);
    const digest = digestOf(byArticle);
    const current = this.kept.get(docId);
    // Unchanged counts keep their generation, so the pages composed with them stay cached.
    const counts = current && current.digest === digest ? current.counts : { byArticle, generation: ++this.generation };
    // A slower read that started earlier does not replace a newer one.
    if (!current || current.epoch <= epoch) this.kept.set(docId, { counts, digest, readAt: at, epoch });
    return counts;
  }

  /** Called after a comment or stance on the document was written: the counts are read again once `refreshMs` old. */
  invalidate(docId: string): void {
    this.epochs.set(docId, (this.epochs.get(docId) ?? 0) + 1);
  }
}
