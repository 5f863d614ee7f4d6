/**
 * The audit log over REST: its head (count and hash) for anyone, so that an outsider can note it
 * and later detect a rewrite; for auditors and admins, its events page by page (filtered by
 * person, kind, subject and article), the people who appear in it, and the whole chain as one
 * downloadable bundle.
 */
import { Router } from 'express';
import { z } from 'zod';
import { AUDIT_KINDS } from '../../../shared/audit/audit-kinds.ts';
import type { AuditActorsAnswer, AuditPageAnswer } from '../../../shared/audit/audit-types.ts';
import { UID_PATTERN } from '../../../shared/schema/uid.ts';
import { AuditActorTally } from '../../audit/audit-actor-tally.ts';
import { sendAuditBundle } from '../../audit/audit-bundle-archive.ts';
import { searchAuditLog } from '../../audit/audit-log-search.ts';
import type { CartaStore } from '../../storage/store.ts';
import { ApiError, methodNotAllowed } from '../api-error.ts';
import { requirePermission } from '../authentication.ts';

export const AUDIT_PAGE_DEFAULT = 100;
export const AUDIT_PAGE_MAX = 1000;
/** People `GET /api/audit/actors` lists at most (the most active). */
export const AUDIT_ACTORS_MAX = 1000;

const eventId = (min: number) => z.coerce.number().int().min(min).max(Number.MAX_SAFE_INTEGER).optional();

const auditQuery = z
  .object({
    after: eventId(0),
    before: eventId(1),
    limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).optional(),
    actor: z.string().min(1).max(200).optional(),
    kind: z.enum(AUDIT_KINDS).optional(),
    subject: z.string().min(1).max(200).optional(),
    subjectMatch: z.enum(['exact', 'prefix']).optional(),
    article: z.string().regex(UID_PATTERN).optional(),
  })
  .strict();

/** What each parameter takes, for the refusal's message. */
const PARAMETER_HELP: Record<keyof z.infer<typeof auditQuery>, string> = {
  after: 'after is an event id (0 or more): events after it, oldest first',
  before: 'before is an event id (1 or more): events before it, newest first',
  limit: `limit is 1 to ${AUDIT_PAGE_MAX}`,
  actor: 'actor is a user id, 1 to 200 characters (GET /api/audit/actors lists them)',
  kind: `kind is one of ${AUDIT_KINDS.join(', ')}`,
  subject: 'subject is 1 to 200 characters: events whose subject is it (or, with subjectMatch=prefix, starts with it)',
  subjectMatch: 'subjectMatch is exact (the default: the subject is the text) or prefix (the subject starts with the text)',
  article: 'article is an article uid (8 to 40 of A-Z a-z 0-9 _ -)',
};

function refusal(issues: readonly z.core.$ZodIssue[]): string {
  const reasons = new Set<string>();
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      reasons.add(`unknown parameter ${issue.keys.map((key) => `"${key}"`).join(', ')} (the audit log takes ${Object.keys(PARAMETER_HELP).join(', ')})`);
    } else {
      const name = String(issue.path[0]);
      reasons.add(name in PARAMETER_HELP ? PARAMETER_HELP[name as keyof typeof PARAMETER_HELP] : issue.message);
    }
  }
  return `${[...reasons].join('; ')}.`;
}

export function auditRoutes(store: CartaStore, log: (message: string) => void = () => {}): Router {
  const router = Router();
  const tally = new AuditActorTally(store);

  router.get('/audit/head', async (_req, res) => {
    res.set('Cache-Control', 'no-cache').json(await store.auditHead());
  });

  router.get('/audit', async (req, res) => {
    requirePermission(res, 'audit.read');
    const query = auditQuery.safeParse(req.query);
    if (!query.success) throw new ApiError(400, 'bad-query', refusal(query.error.issues));
    const { after, before, limit = AUDIT_PAGE_DEFAULT, actor, kind, subject, subjectMatch, article } = query.data;
    if (after !== undefined && before !== undefined) throw new ApiError(400, 'bad-query', 'Give after (oldest first) or before (newest first), not both.');
    if (subjectMatch !== undefined && subject === undefined) throw new ApiError(400, 'bad-query', 'subjectMatch says how subject compares: give subject too.');
    const page = await searchAuditLog(store, tally, {
      limit,
      ...(before === undefined ? { after: after ?? 0 } : { before }),
      ...(actor === undefined ? {} : { actorId: actor }),
      ...(kind === undefined ? {} : { kind }),
      ...(subject === undefined ? {} : { subject, subjectMatch: subjectMatch ?? 'exact' }),
      ...(article === undefined ? {} : { articleUid: article }),
    });
    const names = new Map<string, string | null>();
    for (const actorId of new Set(page.events.map((e) => e.actorId))) names.set(actorId, (await store.getUser(actorId))?.name ?? null);
    const answer: AuditPageAnswer = {
      events: page.events.map((event) => ({ ...event, actor: { id: event.actorId, name: names.get(event.actorId) ?? null } })),
      next: page.next,
      head: await store.auditHead(),
    };
    res.json(answer);
  });

  router.get('/audit/actors', async (_req, res) => {
    requirePermission(res, 'audit.read');
    const upTo = await tally.current();
    const answer: AuditActorsAnswer = { actors: await tally.actors(AUDIT_ACTORS_MAX), total: tally.people, upTo };
    res.json(answer);
  });

  router.get('/audit/export', async (_req, res) => {
    requirePermission(res, 'audit.read');
    await sendAuditBundle(store, res, log);
  });

  router.all(['/audit', '/audit/head', '/audit/actors', '/audit/export'], methodNotAllowed('GET'));
  return router;
}
