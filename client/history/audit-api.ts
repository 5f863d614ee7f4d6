/**
 * The audit routes as the audit browser uses them (docs/api.md, "Audit log"): filtered pages of
 * events, newest first, and the people who appear in the log. Answers are checked for their outer
 * shape; the fields inside follow the server's audit routes.
 */
import type { AuditKind } from '../../shared/audit/audit-kinds.ts';
import type { AuditActorsAnswer, AuditPageAnswer } from '../../shared/audit/audit-types.ts';
import { ApiError, isRecord, requestJson } from '../session/api-client.ts';

/** What the person chose in the filter form; an absent field does not filter. */
export interface AuditFilters {
  actor?: string;
  kind?: AuditKind;
  subject?: string;
  /** The subject starts with `subject` (cdmx#12 also finds cdmx#120); without it the subject is exactly `subject`. */
  subjectMatch?: 'prefix';
  article?: string;
}

export class AuditApi {
  constructor(private readonly token: string | null) {}

  private get(path: string): Promise<unknown> {
    return requestJson((input, init) => fetch(input, init), path, { token: this.token });
  }

  /** Events matching `filters` with ids below `before`, newest first (a page may come back short while `next` is set). */
  async olderEvents(filters: AuditFilters, before: number, limit: number): Promise<AuditPageAnswer> {
    const query = new URLSearchParams({ before: String(before), limit: String(limit) });
    for (const [name, value] of Object.entries(filters)) if (typeof value === 'string' && value !== '') query.set(name, value);
    const answer = await this.get(`/api/audit?${query.toString()}`);
    if (!isRecord(answer) || !Array.isArray(answer.events) || !isRecord(answer.head)) throw new ApiError('bad-answer', 0, 'audit');
    return answer as unknown as AuditPageAnswer;
  }

  async actors(): Promise<AuditActorsAnswer> {
    const answer = await this.get('/api/audit/actors');
    if (!isRecord(answer) || !Array.isArray(answer.actors)) throw new ApiError('bad-answer', 0, 'audit actors');
    return answer as unknown as AuditActorsAnswer;
  }
}
