/**
 * The shapes of the audit log's answers (docs/api.md, "Audit log"), made by the server's audit
 * routes and shown by the history page's audit browser.
 */
import type { Role } from '../auth/roles.ts';

/** The chain's head: how many events it holds and the last one's hash (hex). */
export interface AuditHeadView {
  count: number;
  hash: string;
}

export interface AuditEventView {
  id: number;
  at: number;
  actorId: string;
  /** The actor's name as the users table has it (null for an id with no user row). */
  actor: { id: string; name: string | null };
  action: string;
  subject: string;
  detail?: Record<string, unknown>;
  /** This event's link in the chain (hex SHA-256). */
  hash: string;
}

/**
 * One page of `GET /api/audit`: oldest first after `after`, or newest first before `before`.
 * `next` is the cursor to go on with (the same parameter), null when nothing is left that way. A
 * filtered page may hold fewer events than asked, even none, while `next` is not null: the search
 * looks at a bounded stretch of the log per request.
 */
export interface AuditPageAnswer {
  events: AuditEventView[];
  next: number | null;
  head: AuditHeadView;
}

/** Someone who appears in the log as an actor, with how many events are theirs. */
export interface AuditActorView {
  id: string;
  /** Null for an id with no user row. */
  name: string | null;
  role: Role | null;
  /** All their events, and how many of those are logged updates (edits of the text). */
  events: number;
  updates: number;
}

export interface AuditActorsAnswer {
  /** The most active people first, at most 1,000 of them. */
  actors: AuditActorView[];
  /** How many people appear in the log in all. */
  total: number;
  /** The events counted: those with id ≤ upTo. */
  upTo: number;
}
