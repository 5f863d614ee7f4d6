/**
 * Support or opposition per article over REST (docs/api.md, "Comments, moderation, support and
 * opposition"): anyone may read an article's counts (a signed-in reader also gets their own
 * stance); citizens set, change or withdraw theirs (policy `stance.set`), one per person per
 * article. A change is an audit event and is announced to the document's connections; setting the
 * stance one already holds writes nothing.
 */
import { Router } from 'express';
import { z } from 'zod';
import { STANCES, type StanceAnswer } from '../../../shared/comments/comment-types.ts';
import { UID_PATTERN } from '../../../shared/schema/uid.ts';
import type { LiveProvenanceViews } from '../../provenance/live-provenance-views.ts';
import type { CartaStore } from '../../storage/store.ts';
import { ApiError, methodNotAllowed, notFound } from '../api-error.ts';
import { type AuthLocals, requirePermission } from '../authentication.ts';
import { parseBody } from '../parse-body.ts';

const stanceBody = z.object({ stance: z.enum(STANCES).nullable() }).strict();

export interface StanceRouteOptions {
  /** Told after someone's stance on an article changed, to notify the document's connections. */
  commentsChanged?: (docId: string, articleUid: string) => void;
}

export function stanceRoutes(store: CartaStore, provenance: LiveProvenanceViews, options: StanceRouteOptions = {}): Router {
  const router = Router();

  const checkTarget = async (docId: string, uid: string): Promise<void> => {
    if (!UID_PATTERN.test(uid)) throw new ApiError(400, 'bad-query', 'the article is named by its uid (8–40 of A-Z a-z 0-9 _ -)');
    if (!(await store.getDocument(docId))) throw notFound(`Document "${docId}"`);
  };

  const answer = async (docId: string, articleUid: string, userId: string | null): Promise<StanceAnswer> => ({
    docId,
    articleUid,
    ...(await store.stances.counts(docId, articleUid)),
    mine: userId === null ? null : await store.stances.stanceOf(docId, articleUid, userId),
  });

  router.get('/documents/:id/articles/:uid/stance', async (req, res) => {
    const { id: docId, uid } = req.params;
    await checkTarget(docId, uid);
    // Public counts; a signed-in reader (any role) also learns their own stance.
    const identity = (res.locals as AuthLocals).identity;
    res.json(await answer(docId, uid, identity?.userId ?? null));
  });

  router.put('/documents/:id/articles/:uid/stance', async (req, res) => {
    const identity = requirePermission(res, 'stance.set');
    const body = parseBody(stanceBody, req.body);
    const { id: docId, uid } = req.params;
    await checkTarget(docId, uid);
    // A stance is taken on an article that is in the text; withdrawing one is always possible.
    if (body.stance !== null) {
      const exists = await provenance.with(docId, (view) => view.article(uid) !== null);
      if (!exists?.value) throw notFound(`Article "${uid}" in document "${docId}"`);
    }
    const { changed } = await store.stances.setStance(docId, uid, identity.userId, body.stance, Date.now());
    if (changed) options.commentsChanged?.(docId, uid);
    res.json(await answer(docId, uid, identity.userId));
  });

  router.all('/documents/:id/articles/:uid/stance', methodNotAllowed('GET, PUT'));
  return router;
}
