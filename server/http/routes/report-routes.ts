/**
 * Provenance reports and exports, readable by anyone (docs/api.md, "Sources and provenance"):
 * commitments per threshold with pages of petitions, the dashboard figures, and the provenance of a
 * document as PROV-JSON or CSV. The reports are bounded: counts, and pages of at most
 * REPORT_PAGE_MAX petitions (server/provenance/public-reports.ts).
 */
import { Router } from 'express';
import { z } from 'zod';
import { PETITION_LISTS } from '../../../shared/provenance/report-types.ts';
import type { Source } from '../../../shared/provenance/source-types.ts';
import { linksCsv } from '../../provenance/links-csv.ts';
import type { LiveProvenanceViews } from '../../provenance/live-provenance-views.ts';
import { BadPetitionCursorError, decodePetitionCursor, signaturesForLevel } from '../../provenance/petition-list.ts';
import { provDocument } from '../../provenance/prov-export.ts';
import { PublicReports } from '../../provenance/public-reports.ts';
import { resolveLinks } from '../../provenance/resolve-links.ts';
import type { CartaStore } from '../../storage/store.ts';
import { ApiError, methodNotAllowed, notFound } from '../api-error.ts';

/** Petitions in each list of the commitments report, and in a page of the petitions report. */
export const COMMITMENTS_PAGE_DEFAULT = 10;
export const PETITIONS_PAGE_DEFAULT = 25;
export const REPORT_PAGE_MAX = 100;

const integerParam = z.string().regex(/^\d{1,10}$/, { error: 'must be a whole number' }).transform(Number);
const docIdParam = z.string().min(1).max(100);
const limitParam = integerParam.pipe(z.number().min(1).max(REPORT_PAGE_MAX));

const docQuery = z.object({ docId: docIdParam.optional() });
const commitmentsQuery = z.strictObject({ docId: docIdParam.optional(), limit: limitParam.optional() });
const petitionsQuery = z.strictObject({
  docId: docIdParam.optional(),
  minLevel: integerParam.optional(),
  list: z.enum(PETITION_LISTS).optional(),
  limit: limitParam.optional(),
  after: z.string().max(200).optional(),
});
const exportQuery = z.object({ format: z.enum(['prov', 'csv']).default('prov') });

/** A zod failure as one readable sentence. */
function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; ');
}

export function reportRoutes(store: CartaStore, views: LiveProvenanceViews): Router {
  const router = Router();
  const reports = new PublicReports(store, views);

  const docIdOf = (query: unknown): string | undefined => {
    const parsed = docQuery.safeParse(query);
    if (!parsed.success) throw new ApiError(400, 'bad-query', 'docId names a document');
    return parsed.data.docId;
  };

  const articlesOf = async (docId: string) => {
    const answer = await views.with(docId, (view) => view.articles());
    if (!answer) throw notFound(`Document "${docId}"`);
    return answer.value;
  };

  const sourcesOf = async (ids: Iterable<string>): Promise<Map<string, Source>> => store.sources.getSources([...new Set(ids)]);

  router.get('/reports/commitments', async (req, res) => {
    const query = commitmentsQuery.safeParse(req.query);
    if (!query.success) throw new ApiError(400, 'bad-query', describe(query.error));
    const docId = query.data.docId ?? null;
    const report = await reports.commitments(docId, query.data.limit ?? COMMITMENTS_PAGE_DEFAULT);
    if (!report) throw notFound(`Document "${docId}"`);
    res.json(report);
  });

  router.get('/reports/petitions', async (req, res) => {
    const query = petitionsQuery.safeParse(req.query);
    if (!query.success) throw new ApiError(400, 'bad-query', describe(query.error));
    const { docId = null, minLevel = 0, list = 'all', limit = PETITIONS_PAGE_DEFAULT, after } = query.data;
    const minSignatures = signaturesForLevel(minLevel, await reports.thresholds());
    if (minSignatures === null) throw new ApiError(400, 'bad-query', `minLevel: there is no threshold of level ${minLevel} or higher`);
    let cursor = null;
    try {
      cursor = after === undefined ? null : decodePetitionCursor(after);
    } catch (error) {
      if (error instanceof BadPetitionCursorError) throw new ApiError(400, 'bad-cursor', error.message);
      throw error;
    }
    const page = await reports.petitions({ docId, list, minSignatures, after: cursor, limit });
    if (!page) throw notFound(`Document "${docId}"`);
    res.json({ docId, minLevel, list, ...page });
  });

  router.get('/reports/provenance', async (req, res) => {
    const docId = docIdOf(req.query) ?? 'cdmx';
    const report = await reports.provenance(docId);
    if (!report) throw notFound(`Document "${docId}"`);
    res.json(report);
  });

  router.get('/documents/:id/provenance/export', async (req, res) => {
    const query = exportQuery.safeParse(req.query);
    if (!query.success) throw new ApiError(400, 'bad-format', 'format must be prov or csv');
    const docId = req.params.id;
    const articles = await articlesOf(docId);
    const links = await resolveLinks(views, await store.links.listLinks({ docId, includeRetired: true }));
    const sources = await sourcesOf(links.map((l) => l.sourceId));
    const stamp = new Date().toISOString().slice(0, 10);
    if (query.data.format === 'csv') {
      res.type('text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${docId}-links-${stamp}.csv"`);
      res.send(linksCsv(links, sources));
      return;
    }
    res.setHeader('Content-Disposition', `inline; filename="${docId}-provenance-${stamp}.json"`);
    res.json(provDocument(docId, articles, links, sources));
  });

  for (const path of ['/reports/commitments', '/reports/petitions', '/reports/provenance', '/documents/:id/provenance/export']) router.all(path, methodNotAllowed('GET'));
  return router;
}
