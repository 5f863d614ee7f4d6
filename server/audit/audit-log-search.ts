/**
 * One page of the audit log for `GET /api/audit`: the filters a person gives (who, what kind,
 * about what, which article) turned into a bounded store search. The search looks only at events
 * that are not logged updates whenever the filter cannot match one: a kind other than edits, an
 * article (update events name a log position, not an article), or, newest first (as the audit
 * browser asks), a person who never edited.
 */
import { type AuditKind, kindActions } from '../../shared/audit/audit-kinds.ts';
import type { AuditFilter, AuditSearchPage, SubjectMatch } from '../storage/audit-queries.ts';
import type { CartaStore } from '../storage/store.ts';
import type { AuditActorTally } from './audit-actor-tally.ts';

/**
 * Candidate events one request examines. At 100,000 a search that matches nothing costs 6 to 8 ms
 * of the server's one thread (measured on 1,000,000 events, docs/audit.md).
 */
export const AUDIT_SEARCH_WINDOW = 100_000;

export interface AuditLogQuery {
  actorId?: string;
  kind?: AuditKind;
  subject?: string;
  /** How `subject` compares (default exact). */
  subjectMatch?: SubjectMatch;
  articleUid?: string;
  /** Newest first below `before`; else oldest first above `after` (default 0). */
  before?: number;
  after?: number;
  limit: number;
}

export async function searchAuditLog(store: CartaStore, tally: AuditActorTally, query: AuditLogQuery): Promise<AuditSearchPage> {
  const filter: AuditFilter = {
    ...(query.actorId === undefined ? {} : { actorId: query.actorId }),
    ...(query.kind === undefined ? {} : { actions: kindActions(query.kind) }),
    ...(query.subject === undefined ? {} : { subject: { text: query.subject, match: query.subjectMatch ?? 'exact' } }),
    ...(query.articleUid === undefined ? {} : { articleUid: query.articleUid }),
  };
  const older = query.before !== undefined;
  let from = query.before ?? query.after ?? 0;
  let skipUpdates = (query.kind !== undefined && query.kind !== 'edit') || query.articleUid !== undefined;
  if (!skipUpdates && query.actorId !== undefined && older) {
    // Known only up to the events counted: the page stops there (it is as if asked a moment earlier).
    const counted = await tally.current();
    if (tally.updatesBy(query.actorId) === 0) {
      skipUpdates = true;
      from = Math.min(from, counted + 1);
    }
  }
  return store.auditQueries.search({ filter, direction: older ? 'older' : 'newer', from, limit: query.limit, skipUpdates, window: AUDIT_SEARCH_WINDOW });
}
