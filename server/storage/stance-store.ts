/**
 * Citizens' support or opposition per article: part of the one storage interface
 * (store.ts, `CartaStore.stances`). One stance per person per article, which the person may change
 * or withdraw; the row holds the current stance, and every change is an audit event
 * (`stance.set`, with the stance before and after) written in the same transaction, so the history
 * of who stood where is in the audit chain.
 */
import type { Stance } from '../../shared/comments/comment-types.ts';

export interface StanceCounts {
  support: number;
  oppose: number;
}

export interface StanceStore {
  /**
   * Sets (or, with null, withdraws) the person's stance on the article. Answers whether it changed:
   * setting the stance a person already holds writes nothing and records no event.
   */
  setStance(docId: string, articleUid: string, userId: string, stance: Stance | null, at: number): Promise<{ changed: boolean; previous: Stance | null }>;
  stanceOf(docId: string, articleUid: string, userId: string): Promise<Stance | null>;
  counts(docId: string, articleUid: string): Promise<StanceCounts>;
}
