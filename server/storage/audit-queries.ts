/**
 * The audit log's searches, part of the one storage interface (store.ts, `CartaStore.auditQueries`).
 * Every search is bounded: it examines at most `window` candidate events, whatever the filter and
 * however long the log, and says where to go on. Candidates are every event, or, when the filter
 * cannot match a logged update, only the other events (a few per person-action; logged updates
 * are one per keystroke batch, and no index covers them, so that logging an update costs no index
 * bytes).
 */
import type { AuditEvent } from './store.ts';

export interface AuditFilter {
  actorId?: string;
  /** Any of these actions: exact names, and prefixes ending with their dot (`link.`). */
  actions?: { exact: readonly string[]; prefixes: readonly string[] };
  /** The subject is this text (`exact`), or is it or starts with it (`prefix`). */
  subject?: { text: string; match: SubjectMatch };
  /** The event's detail names this article (`detail.articleUid`). */
  articleUid?: string;
}

/** How a subject filter compares: `cdmx#2` exactly, or also `cdmx#20`, `cdmx#21`… */
export type SubjectMatch = 'exact' | 'prefix';

export interface AuditSearch {
  filter: AuditFilter;
  /** `older`: ids below `from`, newest first; `newer`: ids above `from`, oldest first. */
  direction: 'older' | 'newer';
  from: number;
  limit: number;
  /** Candidates are only the events that are not logged updates (the filter cannot match one). */
  skipUpdates: boolean;
  /** At most this many candidates are examined. */
  window: number;
}

export interface AuditSearchPage {
  /** In the search's direction. */
  events: AuditEvent[];
  /**
   * Where the next page starts (its `from`): the last event answered when more may match, else the
   * last candidate examined when the window ended first; null when no candidate is left that way.
   */
  next: number | null;
}

/** How many events of one actor the counted stretch holds. */
export interface AuditActorCount {
  actorId: string;
  /** Logged updates (action `update`). */
  updates: number;
  /** Every other event. */
  others: number;
}

export interface AuditQueries {
  search(query: AuditSearch): Promise<AuditSearchPage>;
  /** Events per actor among those with afterId < id ≤ toId. */
  countByActor(afterId: number, toId: number): Promise<AuditActorCount[]>;
}
