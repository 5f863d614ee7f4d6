/**
 * Provenance links over REST (docs/api.md, "Sources and provenance"): list and create a document's
 * links, retire and re-anchor a link, and an article's provenance. Reading needs no account; writing
 * is for the drafting commission (policy actions `link.create`, `link.retire`). Passages are read
 * by the server in the live text; what a client says the passage reads is only checked, never stored.
 * Writes to one document's links run one at a time (so a duplicate cannot slip in beside its twin),
 * and each is announced to the document's connections (a `links-changed` notice).
 */
import { Router } from 'express';
import { z } from 'zod';
import { DEFAULT_REANCHOR_REASON, LINK_RELATIONS, type ProvenanceLink } from '../../../shared/provenance/link-types.ts';
import type { Source } from '../../../shared/provenance/source-types.ts';
import { UID_PATTERN } from '../../../shared/schema/uid.ts';
import { KeyedQueue } from '../../provenance/keyed-queue.ts';
import { LinkMarksReader } from '../../provenance/link-marks.ts';
import type { LiveProvenanceViews } from '../../provenance/live-provenance-views.ts';
import { resolveLinks } from '../../provenance/resolve-links.ts';
import { LinkAlreadyRetiredError } from '../../storage/link-store.ts';
import type { CartaStore } from '../../storage/store.ts';
import { ApiError, methodNotAllowed, notFound } from '../api-error.ts';
import { requirePermission } from '../authentication.ts';
import { parseBody } from '../parse-body.ts';

const encodedPosition = z.string().min(1).max(200);

const createBody = z.object({
  articleUid: z.string().regex(UID_PATTERN),
  sourceId: z.string().min(1).max(100),
  relation: z.enum(LINK_RELATIONS),
  rationale: z.string().trim().min(1, 'a rationale is required').max(5000),
  passage: z.object({ start: encodedPosition, end: encodedPosition, quote: z.string().min(1).max(20_000) }).strict().optional(),
}).strict();

const retireBody = z.object({ reason: z.string().trim().min(1, 'a reason is required').max(2000) }).strict();
const reanchorBody = z.object({ reason: z.string().trim().min(1).max(2000).optional() }).strict();

/**
 * Links per page of an article's provenance: what the margin panel shows before "show more", small
 * enough that a heavily linked article answers within milliseconds.
 */
export const PROVENANCE_PAGE_DEFAULT = 50;
export const PROVENANCE_PAGE_MAX = 1000;

const pageQuery = z.object({
  limit: z.string().regex(/^\d{1,4}$/).transform(Number).pipe(z.number().min(1).max(PROVENANCE_PAGE_MAX)).optional(),
  after: z.string().max(100).optional(),
  includeRetired: z.enum(['true', 'false']).optional(),
});

const listQuery = z.object({
  articleUid: z.string().max(100).optional(),
  sourceId: z.string().max(100).optional(),
  includeRetired: z.enum(['true', 'false']).optional(),
});

export interface LinkRouteOptions {
  /** Told after a document's links changed (created, retired, re-anchored): the rooms notify their connections. */
  linksChanged?: (docId: string) => void;
}

export function linkRoutes(store: CartaStore, views: LiveProvenanceViews, options: LinkRouteOptions = {}): Router {
  const router = Router();
  const writes = new KeyedQueue();
  const marks = new LinkMarksReader(store, views);
  const announce = (docId: string): void => options.linksChanged?.(docId);

  const requireDocument = async (docId: string): Promise<void> => {
    if (!(await store.getDocument(docId))) throw notFound(`Document "${docId}"`);
  };

  const linkOrThrow = async (id: string): Promise<ProvenanceLink> => {
    const link = await store.links.getLink(id);
    if (!link) throw notFound(`Link "${id}"`);
    return link;
  };

  const resolveOne = async (link: ProvenanceLink) => (await resolveLinks(views, [link]))[0];

  router.get('/documents/:id/links', async (req, res) => {
    const query = listQuery.safeParse(req.query);
    if (!query.success) throw new ApiError(400, 'bad-query', 'articleUid, sourceId and includeRetired=true|false are the filters');
    await requireDocument(req.params.id);
    const links = await store.links.listLinks({
      docId: req.params.id,
      articleUid: query.data.articleUid,
      sourceId: query.data.sourceId,
      includeRetired: query.data.includeRetired === 'true',
    });
    res.json(await resolveLinks(views, links));
  });

  router.post('/documents/:id/links', async (req, res) => {
    const identity = requirePermission(res, 'link.create');
    const body = parseBody(createBody, req.body);
    const docId = req.params.id;
    await requireDocument(docId);
    if (!(await store.sources.getSource(body.sourceId))) throw notFound(`Source "${body.sourceId}"`);
    const link = await writes.run(docId, async () => {
      // The same article, source and relation: the only links a new one could duplicate.
      const twins = (await store.links.listLinks({ docId, articleUid: body.articleUid, sourceId: body.sourceId })).filter((l) => l.relation === body.relation);
      const checked = await views.with(docId, (view) => {
        if (!view.article(body.articleUid)) return 'no-article' as const;
        const anchor = body.passage ? view.checkPassage(body.articleUid, body.passage) : null;
        if (typeof anchor === 'string') return anchor;
        return view.sameTarget(anchor, twins) ? ('duplicate' as const) : { anchor };
      });
      if (!checked) throw notFound(`Document "${docId}"`);
      const result = checked.value;
      if (result === 'no-article') throw notFound(`Article "${body.articleUid}" in document "${docId}"`);
      if (result === 'anchor-mismatch') throw new ApiError(422, 'anchor-mismatch', 'The text between start and end is not the quoted passage (it may have just changed); select it again.');
      if (result === 'outside-article') throw new ApiError(422, 'anchor-mismatch', 'The passage does not lie inside the named article.');
      if (result === 'duplicate') throw new ApiError(409, 'duplicate-link', 'This passage (or article) is already linked to this source with this relation.');
      return store.links.createLink(
        { docId, articleUid: body.articleUid, sourceId: body.sourceId, relation: body.relation, rationale: body.rationale, anchor: result.anchor, replaces: null },
        identity.userId,
        Date.now(),
      );
    });
    announce(docId);
    res.status(201).json(await resolveOne(link));
  });

  router.post('/links/:id/retire', async (req, res) => {
    const identity = requirePermission(res, 'link.retire');
    const body = parseBody(retireBody, req.body);
    const link = await linkOrThrow(req.params.id);
    let retired: ProvenanceLink | null;
    try {
      retired = await writes.run(link.docId, () => store.links.retireLink(link.id, body.reason, identity.userId, Date.now()));
    } catch (error) {
      if (error instanceof LinkAlreadyRetiredError) throw new ApiError(409, 'already-retired', 'This link was already retired.');
      throw error;
    }
    if (!retired) throw notFound(`Link "${req.params.id}"`);
    announce(link.docId);
    res.json(await resolveOne(retired));
  });

  router.post('/links/:id/reanchor', async (req, res) => {
    // Re-anchoring retires the old link first, then creates its successor: it needs both, and a
    // refusal names the first (a citizen reads "link.retire", as when retiring).
    const identity = requirePermission(res, 'link.retire');
    requirePermission(res, 'link.create');
    const body = parseBody(reanchorBody, req.body ?? {});
    const found = await linkOrThrow(req.params.id);
    const next = await writes.run(found.docId, async () => {
      // Read again in the queue: a retirement or re-anchoring just before this one counts.
      const link = await linkOrThrow(found.id);
      if (link.retired) throw new ApiError(409, 'already-retired', 'This link was already retired.');
      if (!link.anchor) throw new ApiError(409, 'not-orphaned', 'A link to a whole article has no passage to re-anchor.');
      const target = await views.with(link.docId, (view) => {
        const resolved = view.resolve(link);
        if (resolved.status === 'live' && !resolved.relocated) return 'not-orphaned' as const;
        return view.reanchorTarget(link);
      });
      if (!target) throw notFound(`Document "${link.docId}"`);
      if (target.value === 'not-orphaned') throw new ApiError(409, 'not-orphaned', 'The passage is still in the text; there is nothing to re-anchor.');
      if (target.value === null) throw new ApiError(422, 'quote-not-found', 'The quoted passage no longer occurs in its article.');
      return store.links.replaceLink(
        link.id,
        // The member's reason when given; else a fixed one, in the project's default language
        // (retirement reasons are text in the exports and the audit chain).
        body.reason ?? DEFAULT_REANCHOR_REASON,
        { docId: link.docId, articleUid: link.articleUid, sourceId: link.sourceId, relation: link.relation, rationale: link.rationale, anchor: target.value, replaces: link.id },
        identity.userId,
        Date.now(),
      );
    });
    announce(found.docId);
    res.status(201).json(await resolveOne(next));
  });

  // The editor's marks: every link that is not retired, compact, relocated passages where they stand
  // now, with an ETag (a digest of the marks) so that a reader who has them is answered 304 without
  // sending them again (the editor asks after a links-changed notice, when a mark it holds stops
  // resolving, and when its window regains focus).
  router.get('/documents/:id/link-marks', async (req, res) => {
    const docId = req.params.id;
    await requireDocument(docId);
    const answer = await marks.read(docId);
    if (!answer) throw notFound(`Document "${docId}"`);
    const etag = `"marks-${answer.version}"`;
    res.set('ETag', etag).set('Cache-Control', 'no-cache');
    if (req.get('If-None-Match') === etag) {
      res.status(304).end();
      return;
    }
    res.type('application/json').send(answer.body);
  });

  router.get('/documents/:id/articles/:uid/provenance', async (req, res) => {
    const { id: docId, uid } = req.params;
    const query = pageQuery.safeParse(req.query);
    if (!query.success) throw new ApiError(400, 'bad-query', `limit is 1 to ${PROVENANCE_PAGE_MAX}; after is a link id; includeRetired is true or false`);
    await requireDocument(docId);
    const article = await views.with(docId, (view) => view.article(uid));
    if (!article?.value) throw notFound(`Article "${uid}" in document "${docId}"`);
    const limit = query.data.limit ?? PROVENANCE_PAGE_DEFAULT;
    const filter = { docId, articleUid: uid, includeRetired: query.data.includeRetired === 'true' };
    const page = await store.links.listLinks({ ...filter, limit: limit + 1, ...(query.data.after ? { after: query.data.after } : {}) });
    const links = await resolveLinks(views, page.slice(0, limit));
    const sources: Record<string, Source> = {};
    for (const [id, source] of await store.sources.getSources([...new Set(links.map((l) => l.sourceId))])) sources[id] = source;
    const next = page.length > limit ? (links.at(-1)?.id ?? null) : null;
    res.json({ article: { uid: article.value.uid, num: article.value.num, eId: article.value.eId, heading: article.value.heading }, links, sources, total: await store.links.countLinks(filter), next });
  });

  router.all('/documents/:id/links', methodNotAllowed('GET, POST'));
  router.all('/documents/:id/link-marks', methodNotAllowed('GET'));
  for (const path of ['/links/:id/retire', '/links/:id/reanchor']) router.all(path, methodNotAllowed('POST'));
  router.all('/documents/:id/articles/:uid/provenance', methodNotAllowed('GET'));
  return router;
}
