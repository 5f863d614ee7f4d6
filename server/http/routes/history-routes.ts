/**
 * A document's history over REST: timeline, naming a version, any version's text, the attributed
 * diff of two versions, and blame of an article. Reading needs the `document.read` permission
 * (every signed-in role: citizens follow the changes too); naming a version needs `version.create`.
 */
import { Router } from 'express';
import { z } from 'zod';
import { UID_PATTERN } from '../../../shared/schema/uid.ts';
import type { HistoryService } from '../../history/history-service.ts';
import { RestoreError } from '../../history/restore.ts';
import type { CartaStore } from '../../storage/store.ts';
import { ApiError, methodNotAllowed, notFound } from '../api-error.ts';
import { requirePermission } from '../authentication.ts';

const seqParam = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const versionBody = z
  .object({
    name: z.string().trim().min(1, 'a name is required').max(200),
    note: z.string().trim().max(5000).default(''),
  })
  .strict();
const diffQuery = z.object({ from: seqParam, to: seqParam.optional() }).strict();
const atQuery = z.object({ at: seqParam.optional() }).strict();
const restoreBody = z.object({ seq: seqParam, articleUid: z.string().regex(UID_PATTERN, 'an article uid').optional() }).strict();

export function historyRoutes(store: CartaStore, history: HistoryService): Router {
  const router = Router();

  const requireDocument = async (id: string): Promise<void> => {
    if (!(await store.getDocument(id))) throw notFound(`Document "${id}"`);
  };

  router.get('/documents/:id/versions', async (req, res) => {
    requirePermission(res, 'document.read');
    await requireDocument(req.params.id);
    res.json(await history.timeline(req.params.id));
  });

  router.post('/documents/:id/versions', async (req, res) => {
    const identity = requirePermission(res, 'version.create');
    await requireDocument(req.params.id);
    const body = versionBody.safeParse(req.body);
    if (!body.success) throw new ApiError(400, 'invalid-body', body.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    res.status(201).json(await history.nameVersion(req.params.id, body.data.name, body.data.note, identity.userId));
  });

  router.get('/documents/:id/versions/:seq', async (req, res) => {
    requirePermission(res, 'document.read');
    await requireDocument(req.params.id);
    const seq = seqParam.safeParse(req.params.seq);
    if (!seq.success) throw new ApiError(400, 'bad-query', 'a version is a log position: a whole number from 1');
    res.json(await history.text(req.params.id, await history.clamp(req.params.id, seq.data)));
  });

  router.get('/documents/:id/diff', async (req, res) => {
    requirePermission(res, 'document.read');
    await requireDocument(req.params.id);
    const query = diffQuery.safeParse(req.query);
    if (!query.success) throw new ApiError(400, 'bad-query', 'from (and optionally to, default the current text) are log positions: whole numbers from 1');
    const docId = req.params.id;
    res.json(await history.diff(docId, await history.clamp(docId, query.data.from), await history.clamp(docId, query.data.to)));
  });

  // Blame and per-article history read one article at one log position, with the same checks.
  const articleRoute = (path: string, read: (docId: string, uid: string, seq: number) => Promise<unknown>): void => {
    router.get(path, async (req, res) => {
      requirePermission(res, 'document.read');
      const { id: docId, uid } = req.params as { id: string; uid: string };
      await requireDocument(docId);
      const query = atQuery.safeParse(req.query);
      if (!query.success || !UID_PATTERN.test(uid)) throw new ApiError(400, 'bad-query', 'at is a log position (whole number from 1); the article is named by its uid');
      const answer = await read(docId, uid, await history.clamp(docId, query.data.at));
      if (!answer) throw notFound(`Article "${uid}" at that version`);
      res.json(answer);
    });
  };
  articleRoute('/documents/:id/articles/:uid/blame', (docId, uid, seq) => history.blame(docId, uid, seq));
  articleRoute('/documents/:id/articles/:uid/history', (docId, uid, seq) => history.articleChanges(docId, uid, seq));

  router.post('/documents/:id/restore', async (req, res) => {
    const identity = requirePermission(res, 'version.restore');
    await requireDocument(req.params.id);
    const body = restoreBody.safeParse(req.body);
    if (!body.success) throw new ApiError(400, 'invalid-body', body.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    const docId = req.params.id;
    try {
      const done = await history.restore(docId, await history.clamp(docId, body.data.seq), body.data.articleUid ?? null, identity.userId);
      res.status(201).json({ restored: { seq: body.data.seq, articleUid: body.data.articleUid ?? null }, seq: done.seq });
    } catch (error) {
      if (!(error instanceof RestoreError)) throw error;
      if (error.code === 'not-found') throw new ApiError(404, 'not-found', error.message);
      throw new ApiError(409, error.code, error.message);
    }
  });

  router.all('/documents/:id/restore', methodNotAllowed('POST'));
  router.all('/documents/:id/versions', methodNotAllowed('GET, POST'));
  router.all(['/documents/:id/versions/:seq', '/documents/:id/diff', '/documents/:id/articles/:uid/blame', '/documents/:id/articles/:uid/history'], methodNotAllowed('GET'));
  return router;
}
