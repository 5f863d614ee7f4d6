/**
 * The audit log over REST: its head (count and hash) for anyone, so that an outsider can note it
 * and later detect a rewrite; its events, page by page, for auditors and admins.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { CartaStore } from '../../storage/store.ts';
import { ApiError, methodNotAllowed } from '../api-error.ts';
import { requirePermission } from '../authentication.ts';

export const AUDIT_PAGE_DEFAULT = 100;
export const AUDIT_PAGE_MAX = 1000;

const pageQuery = z
  .object({
    after: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).optional(),
  })
  .strict();

export function auditRoutes(store: CartaStore): Router {
  const router = Router();

  router.get('/audit/head', async (_req, res) => {
    res.set('Cache-Control', 'no-cache').json(await store.auditHead());
  });

  router.get('/audit', async (req, res) => {
    requirePermission(res, 'audit.read');
    const query = pageQuery.safeParse(req.query);
    if (!query.success) throw new ApiError(400, 'bad-query', `after is an event id (0 or more); limit is 1 to ${AUDIT_PAGE_MAX}`);
    const limit = query.data.limit ?? AUDIT_PAGE_DEFAULT;
    const page = await store.listAudit(query.data.after ?? 0, limit + 1);
    const events = page.slice(0, limit);
    const names = new Map<string, string | null>();
    for (const actorId of new Set(events.map((e) => e.actorId))) names.set(actorId, (await store.getUser(actorId))?.name ?? null);
    res.json({
      events: events.map((event) => ({ ...event, actor: { id: event.actorId, name: names.get(event.actorId) ?? null } })),
      next: page.length > limit ? (events.at(-1)?.id ?? null) : null,
      head: await store.auditHead(),
    });
  });

  router.all(['/audit', '/audit/head'], methodNotAllowed('GET'));
  return router;
}
