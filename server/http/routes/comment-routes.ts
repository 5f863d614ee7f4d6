/**
 * Citizen comments over REST (docs/api.md, "Comments, moderation, support and opposition"): writing
 * a comment or a reply, an article's threads a page at a time, a thread's replies, one comment,
 * marking a thread addressed and reopening it, and every article's counts. Reading comments needs a
 * signed-in reader (policy `comment.read`: they quote the live draft); the counts are public.
 * Passages are read by the server in the live text, as provenance links are; what a client says the
 * passage reads is only checked. Every write is announced to the document's connections (a
 * `comments-changed` notice).
 */
import { Router } from 'express';
import { z } from 'zod';
import { commentBodyProblem } from '../../../shared/comments/comment-body.ts';
import {
  ADDRESS_NOTE_MAX,
  COMMENT_BODY_MAX,
  COMMENT_PAGE_DEFAULT,
  COMMENT_PAGE_MAX,
  type CommentCounts,
  type ReplyPage,
  type ServedComment,
  THREAD_ORDERS,
  type ThreadPage,
} from '../../../shared/comments/comment-types.ts';
import type { PassageAnchor } from '../../../shared/provenance/link-types.ts';
import { UID_PATTERN } from '../../../shared/schema/uid.ts';
import type { Identity } from '../../auth/identity.ts';
import type { LiveCommentAnchors } from '../../comments/live-comment-anchors.ts';
import { commentReaderFor, presentComments } from '../../comments/present-comments.ts';
import { RateLimitedError } from '../../comments/rate-windows.ts';
import type { ParticipationLimits } from '../../config.ts';
import type { LiveProvenanceViews } from '../../provenance/live-provenance-views.ts';
import { type CommentPage, type StoredComment, UnknownCursorError } from '../../storage/comment-store.ts';
import type { CartaStore } from '../../storage/store.ts';
import { ApiError, methodNotAllowed, notFound } from '../api-error.ts';
import { requirePermission } from '../authentication.ts';
import { writeState } from '../comment-conflict.ts';
import { parseBody } from '../parse-body.ts';
import { rateLimitRefusal } from '../rate-limit-refusal.ts';

const encodedPosition = z.string().min(1).max(200);

const BODY_PROBLEMS = {
  empty: 'a comment needs some text',
  'too-long': `a comment is at most ${COMMENT_BODY_MAX} characters`,
  'control-character': 'control characters (other than tab and line breaks) are not text',
  malformed: 'not well-formed text (a lone UTF-16 surrogate)',
} as const;

const createBody = z
  .object({
    articleUid: z.string().regex(UID_PATTERN, 'an article uid'),
    // Characters are counted by commentBodyProblem (code points); this only bounds what is read.
    body: z.string().max(COMMENT_BODY_MAX * 2),
    anchor: z.object({ start: encodedPosition, end: encodedPosition, quote: z.string().min(1).max(20_000) }).strict().optional(),
    parentId: z.string().min(1).max(100).optional(),
  })
  .strict();

const seqValue = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const addressBody = z.object({ seq: seqValue.optional(), note: z.string().trim().max(ADDRESS_NOTE_MAX).optional() }).strict();
const reopenBody = z.object({ note: z.string().trim().max(ADDRESS_NOTE_MAX).optional() }).strict();

const limitParam = z.string().regex(/^\d{1,4}$/).transform(Number).pipe(z.number().min(1).max(COMMENT_PAGE_MAX));
const threadQuery = z.object({ after: z.string().min(1).max(100).optional(), limit: limitParam.optional(), order: z.enum(THREAD_ORDERS).optional() }).strict();
const replyQuery = z.object({ after: z.string().min(1).max(100).optional(), limit: limitParam.optional() }).strict();

export interface CommentRouteOptions {
  participation: ParticipationLimits;
  /** Told after an article's comments changed, to notify the document's connections. */
  commentsChanged?: (docId: string, articleUid: string) => void;
}

export function commentRoutes(store: CartaStore, provenance: LiveProvenanceViews, anchors: LiveCommentAnchors, options: CommentRouteOptions): Router {
  const router = Router();
  const announce = (docId: string, articleUid: string): void => options.commentsChanged?.(docId, articleUid);

  const requireDocument = async (docId: string): Promise<void> => {
    if (!(await store.getDocument(docId))) throw notFound(`Document "${docId}"`);
  };

  const commentOrThrow = async (id: string, viewer: Identity): Promise<StoredComment> => {
    const comment = await store.comments.getComment(id, viewer.userId);
    if (!comment) throw notFound(`Comment "${id}"`);
    return comment;
  };

  const present = async (comments: readonly StoredComment[], viewer: Identity): Promise<ServedComment[]> => presentComments(anchors, comments, commentReaderFor(viewer.role));
  const presentOne = async (comment: StoredComment, viewer: Identity): Promise<ServedComment> => (await present([comment], viewer))[0] as ServedComment;

  router.post('/documents/:id/comments', async (req, res) => {
    const identity = requirePermission(res, 'comment.create');
    const body = parseBody(createBody, req.body);
    const problem = commentBodyProblem(body.body);
    if (problem) throw new ApiError(400, 'invalid-body', `body: ${BODY_PROBLEMS[problem]}`);
    const docId = req.params.id;
    await requireDocument(docId);
    let anchor: PassageAnchor | null = null;
    if (body.parentId !== undefined) {
      const parent = await store.comments.getComment(body.parentId, identity.userId);
      if (!parent || parent.docId !== docId) throw notFound(`Comment "${body.parentId}" in document "${docId}"`);
      if (parent.parentId !== null) throw new ApiError(422, 'nested-reply', 'Replies are one level deep: answer the thread (its first comment) instead.');
      if (parent.articleUid !== body.articleUid) throw new ApiError(422, 'wrong-article', 'A reply is on the same article as its thread.');
      if (body.anchor) throw new ApiError(400, 'invalid-body', 'anchor: a reply answers its thread and has no passage of its own');
    } else {
      const checked = await provenance.with(docId, (view) => {
        if (!view.article(body.articleUid)) return 'no-article' as const;
        return body.anchor ? view.checkPassage(body.articleUid, body.anchor) : null;
      });
      if (!checked) throw notFound(`Document "${docId}"`);
      if (checked.value === 'no-article') throw notFound(`Article "${body.articleUid}" in document "${docId}"`);
      if (checked.value === 'anchor-mismatch') throw new ApiError(422, 'anchor-mismatch', 'The text between start and end is not the quoted passage (it may have just changed); select it again.');
      if (checked.value === 'outside-article') throw new ApiError(422, 'anchor-mismatch', 'The passage does not lie inside the named article.');
      anchor = checked.value;
    }
    let comment: StoredComment;
    try {
      comment = await store.comments.createComment(
        { docId, articleUid: body.articleUid, parentId: body.parentId ?? null, body: body.body, anchor },
        identity.userId,
        Date.now(),
        options.participation.comments,
      );
    } catch (error) {
      if (error instanceof RateLimitedError) throw rateLimitRefusal(res, error, 'comments');
      throw error;
    }
    announce(docId, comment.articleUid);
    res.status(201).json(await presentOne(comment, identity));
  });

  router.get('/documents/:id/articles/:uid/comments', async (req, res) => {
    const identity = requirePermission(res, 'comment.read');
    const { id: docId, uid } = req.params;
    const query = threadQuery.safeParse(req.query);
    if (!query.success || !UID_PATTERN.test(uid)) {
      throw new ApiError(400, 'bad-query', `order is newest or oldest; limit is 1 to ${COMMENT_PAGE_MAX}; after is a thread id from "next"; the article is named by its uid`);
    }
    await requireDocument(docId);
    const order = query.data.order ?? 'newest';
    const limit = query.data.limit ?? COMMENT_PAGE_DEFAULT;
    let page: CommentPage;
    try {
      page = await store.comments.listThreads({ docId, articleUid: uid, order, limit, viewerId: identity.userId, ...(query.data.after ? { after: query.data.after } : {}) });
    } catch (error) {
      if (error instanceof UnknownCursorError) throw new ApiError(400, 'bad-cursor', `after: ${error.message}`);
      throw error;
    }
    const article = (await provenance.with(docId, (view) => view.article(uid)))?.value ?? null;
    const answer: ThreadPage = {
      docId,
      articleUid: uid,
      article: article ? { num: article.num, eId: article.eId, heading: article.heading } : null,
      order,
      threads: await present(page.comments, identity),
      total: await store.comments.countThreads(docId, uid),
      next: page.next,
    };
    res.json(answer);
  });

  router.get('/comments/:id', async (req, res) => {
    const identity = requirePermission(res, 'comment.read');
    res.json(await presentOne(await commentOrThrow(req.params.id, identity), identity));
  });

  router.get('/comments/:id/replies', async (req, res) => {
    const identity = requirePermission(res, 'comment.read');
    const query = replyQuery.safeParse(req.query);
    if (!query.success) throw new ApiError(400, 'bad-query', `limit is 1 to ${COMMENT_PAGE_MAX}; after is a reply id from "next"`);
    const thread = await commentOrThrow(req.params.id, identity);
    if (thread.parentId !== null) throw new ApiError(422, 'not-a-thread', 'Replies belong to a thread (its first comment); this comment is a reply.');
    let page: CommentPage;
    try {
      page = await store.comments.listReplies({ parentId: thread.id, limit: query.data.limit ?? COMMENT_PAGE_DEFAULT, viewerId: identity.userId, ...(query.data.after ? { after: query.data.after } : {}) });
    } catch (error) {
      if (error instanceof UnknownCursorError) throw new ApiError(400, 'bad-cursor', `after: ${error.message}`);
      throw error;
    }
    const answer: ReplyPage = { parentId: thread.id, replies: await present(page.comments, identity), total: thread.replyCount, next: page.next };
    res.json(answer);
  });

  router.post('/comments/:id/address', async (req, res) => {
    const identity = requirePermission(res, 'comment.address');
    const body = parseBody(addressBody, req.body);
    const thread = await commentOrThrow(req.params.id, identity);
    const seq = body.seq ?? null;
    if (seq !== null && seq > (await store.lastSeq(thread.docId))) {
      throw new ApiError(422, 'unknown-seq', `seq ${seq} is not a position in the log of "${thread.docId}" (it runs from 1 to ${await store.lastSeq(thread.docId)}).`);
    }
    const updated = await writeState(() => store.comments.addressThread(thread.id, { seq, note: body.note ?? '' }, identity.userId, Date.now()));
    announce(updated.docId, updated.articleUid);
    res.json(await presentOne(updated, identity));
  });

  router.post('/comments/:id/reopen', async (req, res) => {
    const identity = requirePermission(res, 'comment.address');
    const body = parseBody(reopenBody, req.body ?? {});
    const thread = await commentOrThrow(req.params.id, identity);
    const updated = await writeState(() => store.comments.reopenThread(thread.id, body.note ?? '', identity.userId, Date.now()));
    announce(updated.docId, updated.articleUid);
    res.json(await presentOne(updated, identity));
  });

  router.get('/documents/:id/comment-counts', async (req, res) => {
    const docId = req.params.id;
    await requireDocument(docId);
    const answer: CommentCounts = { docId, articles: Object.fromEntries(await store.comments.countsOf(docId)) };
    res.json(answer);
  });

  router.all('/documents/:id/comments', methodNotAllowed('POST'));
  router.all(['/documents/:id/articles/:uid/comments', '/comments/:id', '/comments/:id/replies', '/documents/:id/comment-counts'], methodNotAllowed('GET'));
  router.all(['/comments/:id/address', '/comments/:id/reopen'], methodNotAllowed('POST'));
  return router;
}
