/**
 * Citizen comments, support and opposition, and their moderation, as the REST API and the client
 * see them (docs/api.md, "Comments, moderation, support and opposition"). A comment is on a whole
 * article (by its stable uid) or on a passage of it, anchored exactly as provenance links are
 * (shared/provenance/passage-anchoring.ts). Comments are never edited or deleted: moderation hides
 * one (its replies stay), members mark a thread addressed or reopen it, and each of those is an
 * event of its own.
 */
import type { Role } from '../auth/roles.ts';

/** Longest comment body, in characters as a person counts them (Unicode code points: comment-body.ts). */
export const COMMENT_BODY_MAX = 5000;
/** Longest reason for hiding, unhiding, keeping or flagging, and longest note when addressing. */
export const MODERATION_REASON_MAX = 1000;
export const ADDRESS_NOTE_MAX = 2000;

/** Page sizes of every comment list: what the margin shows first, and the most one request may ask for. */
export const COMMENT_PAGE_DEFAULT = 50;
export const COMMENT_PAGE_MAX = 200;

export const STANCES = ['support', 'oppose'] as const;
export type Stance = (typeof STANCES)[number];

export function isStance(value: unknown): value is Stance {
  return typeof value === 'string' && (STANCES as readonly string[]).includes(value);
}

export const THREAD_ORDERS = ['newest', 'oldest'] as const;
export type ThreadOrder = (typeof THREAD_ORDERS)[number];

/**
 * Where a comment's passage is now, read against the live text when the comment is served:
 * - `live`: its own ends still resolve; `text` is what lies between them now;
 * - `relocated`: its characters were re-created (a moved article or block, an undone deletion) and
 *   its quote was found again where it stood (the stored prefix or suffix matches: findRelocation);
 * - `orphaned`: its text is gone; only `quote` (with its context) remains, and the comment is
 *   still listed.
 */
export type CommentAnchorStatus = 'live' | 'relocated' | 'orphaned';

export interface ResolvedCommentAnchor {
  status: CommentAnchorStatus;
  /** The passage as the server read it when the comment was written, and up to 40 characters either side. */
  quote: string;
  prefix: string;
  suffix: string;
  /** The text of the passage now (null when orphaned). */
  text: string | null;
  /**
   * Where to mark it now, as encoded Yjs relative positions the editor resolves against its own
   * Y.Doc: the comment's own ends when live, ends made by the server where a relocated passage
   * stands now; null when orphaned.
   */
  start: string | null;
  end: string | null;
  /** The passage's range now in its article's flat text (blocks joined by "\n"); null when orphaned. */
  from: number | null;
  to: number | null;
}

export interface CommentPerson {
  id: string;
  name: string;
}

export interface CommentAuthor extends CommentPerson {
  /** The author's role now (null when the account is unknown): lets the client mark the commission's answers. */
  role: Role | null;
}

/** A thread marked addressed by a member: optionally the log position (version) of the change that addressed it. */
export interface AddressedMark {
  by: CommentPerson;
  at: number;
  seq: number | null;
  note: string;
}

interface CommentCommon {
  id: string;
  docId: string;
  articleUid: string;
  /** The thread's first comment, for a reply; null for a thread. */
  parentId: string | null;
  createdAt: number;
  /** How many replies a thread has (hidden ones included); 0 for a reply. */
  replyCount: number;
  /** Only threads are addressed; null for a reply and for a thread that is open. */
  addressed: AddressedMark | null;
  /** Whether the reader has flagged this comment (each person flags a comment at most once). */
  flaggedByMe: boolean;
  /** How many people flagged it: served only to those who may moderate. */
  flags?: number;
}

/** A comment as everyone sees it. `body` is plain text, exactly as written: render it as text, never as HTML. */
export interface VisibleComment extends CommentCommon {
  hidden: false;
  body: string;
  author: CommentAuthor;
  /** null for a comment on the whole article. */
  anchor: ResolvedCommentAnchor | null;
}

/** A hidden comment for those who may not read hidden content: a placeholder with the moderator's reason only. */
export interface HiddenComment extends CommentCommon {
  hidden: true;
  reason: string;
  hiddenAt: number;
}

/** A hidden comment for those who may read hidden content (admins, auditors): everything, and who hid it. */
export interface ModeratedComment extends CommentCommon {
  hidden: true;
  reason: string;
  hiddenAt: number;
  hiddenBy: CommentPerson;
  body: string;
  author: CommentAuthor;
  anchor: ResolvedCommentAnchor | null;
}

export type ServedComment = VisibleComment | HiddenComment | ModeratedComment;

/** `GET /api/documents/:id/articles/:uid/comments`: a page of an article's threads. */
export interface ThreadPage {
  docId: string;
  articleUid: string;
  /** The article as it stands now; null when it is no longer in the live text (its comments are still listed). */
  article: { num: string; eId: string; heading: string } | null;
  order: ThreadOrder;
  threads: ServedComment[];
  /** Threads on the article in all (hidden ones included). */
  total: number;
  /** The `after` of the next page, or null on the last. */
  next: string | null;
}

/** `GET /api/comments/:id/replies`: a page of a thread's replies, oldest first. */
export interface ReplyPage {
  parentId: string;
  replies: ServedComment[];
  total: number;
  next: string | null;
}

export interface ArticleCommentCounts {
  threads: number;
  comments: number;
  support: number;
  oppose: number;
}

/** `GET /api/documents/:id/comment-counts`: articles with any comment or stance, by uid (absent means all zero). */
export interface CommentCounts {
  docId: string;
  articles: Record<string, ArticleCommentCounts>;
}

/** `GET`/`PUT /api/documents/:id/articles/:uid/stance`. */
export interface StanceAnswer {
  docId: string;
  articleUid: string;
  support: number;
  oppose: number;
  /** The reader's own stance; null when none (or not signed in). */
  mine: Stance | null;
}

export interface FlagEntry {
  by: CommentPerson;
  reason: string;
  at: number;
}

/** One comment waiting for a moderator's decision. */
export interface QueueEntry {
  comment: ServedComment;
  /** When its oldest undecided flag was raised. */
  pendingSince: number;
  /** Flags raised since the last decision on it: how many, and the oldest of them (at most 50). */
  pendingFlags: number;
  flags: FlagEntry[];
}

/** `GET /api/moderation/queue`. */
export interface ModerationQueuePage {
  entries: QueueEntry[];
  total: number;
  next: string | null;
}
