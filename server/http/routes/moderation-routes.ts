/**
 * Moderation of comments over REST (docs/api.md, "Comments, moderation, support and opposition"):
 * anyone signed in flags a comment (once per person, rate-limited); admins hide it with a reason,
 * show it again, or keep it (decide its flags without hiding it); and admins read the queue of
 * flagged comments not yet decided, oldest first. Hiding keeps the comment and its replies: readers
 * who may not read hidden content get a placeholder (server/comments/present-comments.ts). Each
 * decision is an audit event.
 */
import { Router } from 'express';
import { z } from 'zod';
import { COMMENT_PAGE_DEFAULT, COMMENT_PAGE_MAX, MODERATION_REASON_MAX, type ModerationQueuePage, type ServedComment } from '../../../shared/comments/comment-types.ts';
import type { Identity } from '../../auth/identity.ts';
import type { LiveCommentAnchors } from '../../comments/live-comment-anchors.ts';
import { commentReaderFor, presentComments } from '../../comments/present-comments.ts';
import { RateLimitedError } from '../../comments/rate-windows.ts';
import type { ParticipationLimits } from '../../config.ts';
import { type QueuePage, type StoredComment, UnknownCursorError } from '../../storage/comment-store.ts';
import type { CartaStore } from '../../storage/store.ts';
import { ApiError, methodNotAllowed, notFound } from '../api-error.ts';
import { requirePermission } from '../authentication.ts';
import { writeState } from '../comment-conflict.ts';
import { parseBody } from '../parse-body.ts';
import { rateLimitRefusal } from '../rate-limit-refusal.ts';

const flagBody = z.object({ reason: z.string().trim().max(MODERATION_REASON_MAX).optional() }).strict();
const hideBody = z.object({ reason: z.string().trim().min(1, 'a reason is required').max(MODERATION_REASON_MAX) }).strict();
const optionalReason = z.object({ reason: z.string().trim().max(MODERATION_REASON_MAX).optional() }).strict();
const queueQuery = z
  .object({
    after: z.string().min(1).max(20).optional(),
    limit: z.string().regex(/^\d{1,4}$/).transform(Number).pipe(z.number().min(1).max(COMMENT_PAGE_MAX)).optional(),
  })
  .strict();

export interface ModerationRouteOptions {
  participation: ParticipationLimits;
  /** Told after a comment was hidden or shown again, to notify the document's connections. */
  commentsChanged?: (docId: string, articleUid: string) => void;
}

export function moderationRoutes(store: CartaStore, anchors: LiveCommentAnchors, options: ModerationRouteOptions): Router {
  const router = Router();

  const commentOrThrow = async (id: string, viewer: Identity): Promise<StoredComment> => {
    const comment = await store.comments.getComment(id, viewer.userId);
    if (!comment) throw notFound(`Comment "${id}"`);
    return comment;
  };

  const presentOne = async (comment: StoredComment, viewer: Identity): Promise<ServedComment> =>
    (await presentComments(anchors, [comment], commentReaderFor(viewer.role)))[0] as ServedComment;

  router.post('/comments/:id/flag', async (req, res) => {
    const identity = requirePermission(res, 'comment.flag');
    const body = parseBody(flagBody, req.body);
    const comment = await commentOrThrow(req.params.id, identity);
    let flagged: StoredComment;
    try {
      flagged = await writeState(() => store.comments.flagComment(comment.id, body.reason ?? '', identity.userId, Date.now(), options.participation.flags));
    } catch (error) {
      if (error instanceof RateLimitedError) throw rateLimitRefusal(res, error, 'flags');
      throw error;
    }
    // No notice: a flag changes nothing anyone else sees.
    res.status(201).json(await presentOne(flagged, identity));
  });

  // Hide, unhide and keep: one decision each, with the reason in the audit event.
  const decision = (path: string, schema: typeof hideBody | typeof optionalReason, decide: (id: string, reason: string, actorId: string, at: number) => Promise<StoredComment>, visible: boolean): void => {
    router.post(path, async (req, res) => {
      const identity = requirePermission(res, 'comment.hide');
      const body = parseBody(schema, req.body);
      const comment = await commentOrThrow(String(req.params.id), identity);
      const decided = await writeState(() => decide(comment.id, body.reason ?? '', identity.userId, Date.now()));
      if (visible) options.commentsChanged?.(decided.docId, decided.articleUid);
      res.json(await presentOne(decided, identity));
    });
  };
  decision('/comments/:id/hide', hideBody, (id, reason, actor, at) => store.comments.hideComment(id, reason, actor, at), true);
  decision('/comments/:id/unhide', optionalReason, (id, reason, actor, at) => store.comments.unhideComment(id, reason, actor, at), true);
  decision('/comments/:id/keep', optionalReason, (id, reason, actor, at) => store.comments.keepComment(id, reason, actor, at), false);

  router.get('/moderation/queue', async (req, res) => {
    const identity = requirePermission(res, 'moderation.read');
    const query = queueQuery.safeParse(req.query);
    if (!query.success) throw new ApiError(400, 'bad-query', `limit is 1 to ${COMMENT_PAGE_MAX}; after is a "next" from this queue`);
    let page: QueuePage;
    try {
      page = await store.comments.moderationQueue(query.data.limit ?? COMMENT_PAGE_DEFAULT, query.data.after, identity.userId);
    } catch (error) {
      if (error instanceof UnknownCursorError) throw new ApiError(400, 'bad-cursor', `after: ${error.message}`);
      throw error;
    }
    const comments = await presentComments(anchors, page.entries.map((e) => e.comment), commentReaderFor(identity.role));
    const answer: ModerationQueuePage = {
      entries: page.entries.map((entry, i) => ({ comment: comments[i] as ServedComment, pendingSince: entry.pendingSince, pendingFlags: entry.pendingFlags, flags: entry.flags })),
      total: page.total,
      next: page.next,
    };
    res.json(answer);
  });

  router.all(['/comments/:id/flag', '/comments/:id/hide', '/comments/:id/unhide', '/comments/:id/keep'], methodNotAllowed('POST'));
  router.all('/moderation/queue', methodNotAllowed('GET'));
  return router;
}
