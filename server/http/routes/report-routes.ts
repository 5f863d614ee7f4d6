/**
 * Provenance reports and exports, readable by anyone (docs/api.md, "Sources and provenance"):
 * commitments per threshold, the dashboard figures, and the provenance of a document as PROV-JSON
 * or CSV.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Source } from '../../../shared/provenance/source-types.ts';
import { commitmentsReport } from '../../provenance/commitments-report.ts';
import { linksCsv } from '../../provenance/links-csv.ts';
import type { LiveProvenanceViews } from '../../provenance/live-provenance-views.ts';
import { listPetitions } from '../../provenance/petition-list.ts';
import { provDocument } from '../../provenance/prov-export.ts';
import { provenanceReport } from '../../provenance/provenance-report.ts';
import { resolveLinks } from '../../provenance/resolve-links.ts';
import type { CartaStore } from '../../storage/store.ts';
import { ApiError, methodNotAllowed, notFound } from '../api-error.ts';

const docQuery = z.object({ docId: z.string().min(1).max(100).optional() });
const exportQuery = z.object({ format: z.enum(['prov', 'csv']).default('prov') });

export function reportRoutes(store: CartaStore, views: LiveProvenanceViews): Router {
  const router = Router();

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
    const docId = docIdOf(req.query);
    if (docId !== undefined && !(await store.getDocument(docId))) throw notFound(`Document "${docId}"`);
    const thresholds = await store.sources.thresholds();
    const petitions = await listPetitions(store.sources, thresholds, 1);
    const links = await resolveLinks(views, await store.links.listLinks(docId === undefined ? {} : { docId }));
    res.json(commitmentsReport(docId ?? null, thresholds, petitions, links));
  });

  router.get('/reports/provenance', async (req, res) => {
    const docId = docIdOf(req.query) ?? 'cdmx';
    const articles = await articlesOf(docId);
    const thresholds = await store.sources.thresholds();
    const links = await resolveLinks(views, await store.links.listLinks({ docId, includeRetired: true }));
    res.json(provenanceReport(docId, articles, links, await store.sources.countSources(), thresholds, await listPetitions(store.sources, thresholds)));
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

  for (const path of ['/reports/commitments', '/reports/provenance', '/documents/:id/provenance/export']) router.all(path, methodNotAllowed('GET'));
  return router;
}
