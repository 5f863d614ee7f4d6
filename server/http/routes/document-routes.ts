/**
 * Documents: the list (public: titles only), one document's outline of articles, and exports of the
 * current text (signed-in roles that may read the draft).
 */
import { Router } from 'express';
import { z } from 'zod';
import { exportMarkdown } from '../../../shared/markdown/markdown-export.ts';
import { articleOutline } from '../../../shared/schema/outline.ts';
import type { DocumentReader } from '../../documents/document-reader.ts';
import type { CartaStore } from '../../storage/store.ts';
import { ApiError, methodNotAllowed, notFound } from '../api-error.ts';
import { requirePermission } from '../authentication.ts';

const exportQuery = z.object({ format: z.enum(['markdown', 'json']).default('markdown') });

export function documentRoutes(store: CartaStore, reader: DocumentReader): Router {
  const router = Router();

  router.get('/documents', async (_req, res) => {
    const documents = await store.listDocuments();
    res.json(documents.map((d) => ({ id: d.id, title: d.title, createdAt: new Date(d.createdAt).toISOString() })));
  });

  const readOrThrow = async (id: string) => {
    const snapshot = await reader.read(id);
    if (!snapshot) throw notFound(`Document "${id}"`);
    return snapshot;
  };

  router.get('/documents/:id', async (req, res) => {
    requirePermission(res, 'document.read');
    const record = await store.getDocument(req.params.id);
    if (!record) throw notFound(`Document "${req.params.id}"`);
    res.json({ id: record.id, title: record.title, createdAt: new Date(record.createdAt).toISOString(), seq: await store.lastSeq(record.id) });
  });

  router.get('/documents/:id/articles', async (req, res) => {
    requirePermission(res, 'document.read');
    const { doc } = await readOrThrow(req.params.id);
    res.json(articleOutline(doc));
  });

  router.get('/documents/:id/export', async (req, res) => {
    requirePermission(res, 'document.read');
    const query = exportQuery.safeParse(req.query);
    if (!query.success) throw new ApiError(400, 'bad-format', 'format must be markdown or json');
    const { record, doc, seq } = await readOrThrow(req.params.id);
    const filename = `${record.id}-${seq}`;
    if (query.data.format === 'markdown') {
      res.type('text/markdown; charset=utf-8');
      res.setHeader('Content-Disposition', `inline; filename="${filename}.md"`);
      res.send(exportMarkdown(doc, { title: record.title }));
      return;
    }
    res.setHeader('Content-Disposition', `inline; filename="${filename}.json"`);
    res.json({ id: record.id, title: record.title, seq, exportedAt: new Date().toISOString(), doc: doc.toJSON() });
  });

  for (const path of ['/documents', '/documents/:id', '/documents/:id/articles', '/documents/:id/export']) {
    router.all(path, methodNotAllowed('GET'));
  }
  return router;
}
