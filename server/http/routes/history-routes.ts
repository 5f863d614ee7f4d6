/**
 * A document's history over REST: timeline, naming a version, any version's text, the attributed
 * diff of two versions, blame and history of an article, and restore. Reading needs the
 * `document.read` permission (every signed-in role: citizens follow the changes too); naming a
 * version needs `version.create`, restoring `version.restore`.
 *
 * A log position (`seq`) in a path or query is a strict decimal whole number from 1 — no sign,
 * leading zero, space, exponent or hexadecimal, which Number() would all have taken — else 400
 * `bad-query`; one past the document's log is 404 `unknown-seq` (422 in a restore's body, as for
 * other bodies naming what does not exist). Nothing is clamped or swapped: an answer is about the
 * positions asked for, or a refusal that says why.
 */
import { Router } from 'express';
import { z } from 'zod';
import { type VersionLabelProblem, VERSION_NAME_MAX, VERSION_NOTE_MAX, versionNameProblem, versionNoteProblem } from '../../../shared/history/version-label.ts';
import { UID_PATTERN } from '../../../shared/schema/uid.ts';
import type { HistoryService } from '../../history/history-service.ts';
import { RestoreError } from '../../history/restore.ts';
import type { CartaStore } from '../../storage/store.ts';
import { ApiError, methodNotAllowed, notFound } from '../api-error.ts';
import { requirePermission } from '../authentication.ts';

const SEQ_TEXT = /^[1-9][0-9]*$/;
const seqParam = z
  .string()
  .regex(SEQ_TEXT)
  .transform(Number)
  .refine((n) => Number.isSafeInteger(n));
// In a JSON body a position is a JSON number (a string "5" is a mistake the caller should hear about).
const seqValue = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const SEQ_RULE = 'a log position: a whole number from 1 in decimal digits, without leading zeros, spaces, signs or exponents';

const versionBody = z.object({ name: z.string(), note: z.string().optional() }).strict();
const diffQuery = z.object({ from: seqParam, to: seqParam.optional() }).strict();
const atQuery = z.object({ at: seqParam.optional() }).strict();
const restoreBody = z.object({ seq: seqValue, articleUid: z.string().regex(UID_PATTERN, 'an article uid').optional() }).strict();

const NAME_PROBLEMS: Record<VersionLabelProblem, string> = {
  empty: 'a version needs a name with something visible in it, not only spaces',
  'too-long': `a name is at most ${VERSION_NAME_MAX} characters`,
  'control-character': 'a name is one line of text: control characters (line breaks, tabs, NUL…) are not allowed',
  malformed: 'not well-formed text (a lone UTF-16 surrogate)',
};
const NOTE_PROBLEMS: Record<Exclude<VersionLabelProblem, 'empty'>, string> = {
  'too-long': `a note is at most ${VERSION_NOTE_MAX} characters`,
  'control-character': 'control characters (other than tab and line breaks) are not text',
  malformed: 'not well-formed text (a lone UTF-16 surrogate)',
};

function invalidBody(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): ApiError {
  return new ApiError(400, 'invalid-body', issues.map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`).join('; '));
}

export function historyRoutes(store: CartaStore, history: HistoryService): Router {
  const router = Router();

  const requireDocument = async (id: string): Promise<void> => {
    if (!(await store.getDocument(id))) throw notFound(`Document "${id}"`);
  };

  /** The document's last log position, after checking that every position asked for is in its log. */
  const requireKnown = async (docId: string, positions: Record<string, number | undefined>, status: 404 | 422): Promise<number> => {
    const last = await store.lastSeq(docId);
    for (const [name, seq] of Object.entries(positions)) {
      if (seq !== undefined && seq > last) throw new ApiError(status, 'unknown-seq', `${name} ${seq} is past the end of the log of "${docId}", which is at ${last}`);
    }
    return last;
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
    if (!body.success) throw invalidBody(body.error.issues);
    const name = body.data.name.trim();
    const note = (body.data.note ?? '').trim();
    const nameProblem = versionNameProblem(name);
    if (nameProblem) throw new ApiError(400, 'invalid-body', `name: ${NAME_PROBLEMS[nameProblem]}`);
    const noteProblem = versionNoteProblem(note);
    if (noteProblem) throw new ApiError(400, 'invalid-body', `note: ${NOTE_PROBLEMS[noteProblem]}`);
    res.status(201).json(await history.nameVersion(req.params.id, name, note, identity.userId));
  });

  router.get('/documents/:id/versions/:seq', async (req, res) => {
    requirePermission(res, 'document.read');
    const docId = req.params.id;
    await requireDocument(docId);
    const seq = seqParam.safeParse(req.params.seq);
    if (!seq.success) throw new ApiError(400, 'bad-query', `a version is ${SEQ_RULE}`);
    await requireKnown(docId, { version: seq.data }, 404);
    res.json(await history.text(docId, seq.data));
  });

  router.get('/documents/:id/diff', async (req, res) => {
    requirePermission(res, 'document.read');
    const docId = req.params.id;
    await requireDocument(docId);
    const query = diffQuery.safeParse(req.query);
    if (!query.success) throw new ApiError(400, 'bad-query', `from (and optionally to, default the current text) are each ${SEQ_RULE}`);
    const { from, to } = query.data;
    const last = await requireKnown(docId, { from, to }, 404);
    // A diff runs forward, from the older position to the newer: its insertions are what was added.
    if (to !== undefined && from > to) throw new ApiError(400, 'bad-query', `from (${from}) is after to (${to}): from is the older of the two positions`);
    res.json(await history.diff(docId, from, to ?? last));
  });

  // Blame and per-article history read one article at one log position, with the same checks.
  const articleRoute = (path: string, read: (docId: string, uid: string, seq: number) => Promise<unknown>): void => {
    router.get(path, async (req, res) => {
      requirePermission(res, 'document.read');
      const { id: docId, uid } = req.params as { id: string; uid: string };
      await requireDocument(docId);
      const query = atQuery.safeParse(req.query);
      if (!query.success) throw new ApiError(400, 'bad-query', `at is ${SEQ_RULE}`);
      if (!UID_PATTERN.test(uid)) throw new ApiError(400, 'bad-query', 'the article is named by its uid (8–40 of A-Z a-z 0-9 _ -)');
      const last = await requireKnown(docId, { at: query.data.at }, 404);
      const answer = await read(docId, uid, query.data.at ?? last);
      if (!answer) throw notFound(`Article "${uid}" at that version`);
      res.json(answer);
    });
  };
  articleRoute('/documents/:id/articles/:uid/blame', (docId, uid, seq) => history.blame(docId, uid, seq));
  articleRoute('/documents/:id/articles/:uid/history', (docId, uid, seq) => history.articleChanges(docId, uid, seq));

  router.post('/documents/:id/restore', async (req, res) => {
    const identity = requirePermission(res, 'version.restore');
    const docId = req.params.id;
    await requireDocument(docId);
    const body = restoreBody.safeParse(req.body);
    if (!body.success) throw invalidBody(body.error.issues);
    const { seq } = body.data;
    const articleUid = body.data.articleUid ?? null;
    await requireKnown(docId, { seq }, 422);
    try {
      const done = await history.restore(docId, seq, articleUid, identity.userId);
      res.status(201).json({ restored: { seq, articleUid }, seq: done.seq });
    } catch (error) {
      if (!(error instanceof RestoreError)) throw error;
      if (error.code === 'not-found' || error.code === 'not-in-version' || error.code === 'not-in-current-text') throw new ApiError(404, error.code, error.message);
      if (error.code === 'unknown-seq') throw new ApiError(422, error.code, error.message);
      throw new ApiError(409, error.code, error.message);
    }
  });

  router.all('/documents/:id/restore', methodNotAllowed('POST'));
  router.all('/documents/:id/versions', methodNotAllowed('GET, POST'));
  router.all(['/documents/:id/versions/:seq', '/documents/:id/diff', '/documents/:id/articles/:uid/blame', '/documents/:id/articles/:uid/history'], methodNotAllowed('GET'));
  return router;
}
