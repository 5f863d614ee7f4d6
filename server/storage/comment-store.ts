/**
 * The storage of citizen comments and their moderation: part of the one storage interface
 * (store.ts, `CartaStore.comments`). A comment row is never updated or deleted; hiding, unhiding,
 * keeping (a moderator's "this may stay"), addressing and reopening are event rows of their own,
 * and the current state of a comment is its latest event. Every write records an audit event with
 * its actor in the same transaction, and the per-person rate limits are checked in that transaction
 * too. Lists are pages read through indexes, so an article with thousands of comments costs a page.
 * The writes on one comment throw when it does not exist: callers look it up first (a comment is
 * never deleted, so it cannot vanish in between).
 */
import type { Role } from '../../shared/auth/roles.ts';
import type { ArticleCommentCounts, ThreadOrder } from '../../shared/comments/comment-types.ts';
import type { PassageAnchor } from '../../shared/provenance/link-types.ts';
import type { RateWindow } from '../comments/rate-windows.ts';

export interface CommentInput {
  docId: string;
  articleUid: string;
  /** The thread's first comment, for a reply. */
  parentId: string | null;
  body: string;
  /** A passage the server read in the live text; null for the whole article. */
  anchor: PassageAnchor | null;
}

/** A comment as stored, with its current state, before it is resolved against the text and shown to a reader. */
export interface StoredComment {
  id: string;
  docId: string;
  articleUid: string;
  parentId: string | null;
  author: { id: string; name: string; role: Role | null };
  body: string;
  anchor: PassageAnchor | null;
  createdAt: number;
  replyCount: number;
  hidden: { reason: string; by: { id: string; name: string }; at: number } | null;
  addressed: { by: { id: string; name: string }; at: number; seq: number | null; note: string } | null;
  /** Flags raised on it, ever. */
  flags: number;
  /** Whether the reader the rows were read for has flagged it. */
  flaggedByViewer: boolean;
}

export interface CommentPage {
  comments: StoredComment[];
  /** The `after` of the next page, or null on the last. */
  next: string | null;
}

export interface ThreadQuery {
  docId: string;
  articleUid: string;
  order: ThreadOrder;
  limit: number;
  /** A thread id this listing handed out as `next`. */
  after?: string;
  /** Whose flags `flaggedByViewer` reports. */
  viewerId: string;
}

export interface ReplyQuery {
  parentId: string;
  limit: number;
  /** A reply id this listing handed out as `next`. */
  after?: string;
  viewerId: string;
}

export interface QueuedComment {
  comment: StoredComment;
  pendingSince: number;
  pendingFlags: number;
  /** The oldest pending flags, at most 50. */
  flags: Array<{ by: { id: string; name: string }; reason: string; at: number }>;
}

export interface QueuePage {
  entries: QueuedComment[];
  total: number;
  next: string | null;
}

/** Why a write was refused because of the comment's state. */
export type CommentConflict =
  | 'already-hidden'
  | 'not-hidden'
  | 'already-flagged'
  | 'not-flagged'
  | 'already-addressed'
  | 'not-addressed'
  | 'not-a-thread';

export class CommentStateError extends Error {
  override name = 'CommentStateError';

  constructor(
    readonly conflict: CommentConflict,
    message: string,
  ) {
    super(message);
  }
}

/** A cursor (`after`) that no listing of this kind handed out. */
export class UnknownCursorError extends Error {
  override name = 'UnknownCursorError';
}

export interface CommentStore {
  /**
   * Writes the comment (audit event `comment.create`) unless the author is over a `limits` window
   * (RateLimitedError). A reply's parent must be a thread of the same document and article; the
   * caller checks that first (comments never change, so the check stays true).
   */
  createComment(input: CommentInput, actorId: string, at: number, limits: readonly RateWindow[]): Promise<StoredComment>;
  /** The comment, or null. */
  getComment(id: string, viewerId: string): Promise<StoredComment | null>;
  /** A page of an article's threads, by creation order; UnknownCursorError for a foreign `after`. */
  listThreads(query: ThreadQuery): Promise<CommentPage>;
  /** A page of a thread's replies, oldest first; UnknownCursorError for a foreign `after`. */
  listReplies(query: ReplyQuery): Promise<CommentPage>;
  /** Threads on an article, hidden ones included. */
  countThreads(docId: string, articleUid: string): Promise<number>;

  /** Flags the comment once per person (audit event `comment.flag`); CommentStateError, RateLimitedError. */
  flagComment(id: string, reason: string, actorId: string, at: number, limits: readonly RateWindow[]): Promise<StoredComment>;
  /** Hides it with a reason (audit event `comment.hide`) and decides its pending flags. */
  hideComment(id: string, reason: string, actorId: string, at: number): Promise<StoredComment>;
  /** Shows it again (audit event `comment.unhide`) and decides its pending flags. */
  unhideComment(id: string, reason: string, actorId: string, at: number): Promise<StoredComment>;
  /** Decides its pending flags without hiding it (audit event `comment.keep`); `not-flagged` when none are pending. */
  keepComment(id: string, reason: string, actorId: string, at: number): Promise<StoredComment>;
  /** Marks a thread addressed (audit event `comment.address`). */
  addressThread(id: string, mark: { seq: number | null; note: string }, actorId: string, at: number): Promise<StoredComment>;
  /** Opens an addressed thread again (audit event `comment.reopen`). */
  reopenThread(id: string, note: string, actorId: string, at: number): Promise<StoredComment>;

  /** Flagged comments no moderator has decided on since, oldest pending flag first. */
  moderationQueue(limit: number, after: string | undefined, viewerId: string): Promise<QueuePage>;

  /** Threads, comments, support and opposition of every article of the document that has any. */
  countsOf(docId: string): Promise<Map<string, ArticleCommentCounts>>;
}
