/**
 * The storage of provenance links: part of the one storage interface (store.ts, `CartaStore.links`).
 * Append-only: a link row is never updated or deleted (SQLite triggers refuse it); retiring adds a
 * retirement row. Each create and retire records an audit event with its author in the same
 * transaction.
 */
import type { LinkMark, LinkRelation, PassageAnchor, ProvenanceLink } from '../../shared/provenance/link-types.ts';

export interface LinkInput {
  docId: string;
  articleUid: string;
  sourceId: string;
  relation: LinkRelation;
  rationale: string;
  anchor: PassageAnchor | null;
  /** A retired link this one re-anchors, or null. */
  replaces: string | null;
}

export interface LinkFilter {
  docId?: string;
  articleUid?: string;
  sourceId?: string;
  /** Include retired links (default false). */
  includeRetired?: boolean;
  /** At most this many, oldest first (default: all). */
  limit?: number;
  /** Only links created after the link with this id (a page's `next`). */
  after?: string;
}

export interface LinkStore {
  /** Creates the link (audit event `link.create`); returns it with its new id. */
  createLink(input: LinkInput, actorId: string, at: number): Promise<ProvenanceLink>;
  /**
   * Retires the link (audit event `link.retire`); null when there is no such link. Retiring a link
   * that is already retired throws LinkAlreadyRetiredError.
   */
  retireLink(id: string, reason: string, actorId: string, at: number): Promise<ProvenanceLink | null>;
  /** Re-anchoring: retires `oldId` and creates `input` (which replaces it) in one transaction. */
  replaceLink(oldId: string, reason: string, input: LinkInput, actorId: string, at: number): Promise<ProvenanceLink>;
  getLink(id: string): Promise<ProvenanceLink | null>;
  /** The links with these ids that exist, by id. */
  getLinks(ids: readonly string[]): Promise<Map<string, ProvenanceLink>>;
  listLinks(filter: LinkFilter): Promise<ProvenanceLink[]>;
  /** How many links match (ignoring `limit` and `after`). */
  countLinks(filter: LinkFilter): Promise<number>;
  /**
   * The document's links that are not retired, in creation order, as stored: each passage with its
   * own ends and `relocated` false (the live text decides where a passage is now; see
   * server/provenance/link-marks.ts).
   */
  linkMarks(docId: string): Promise<LinkMark[]>;
  /**
   * Changes whenever a link is created or retired anywhere (links are append-only, so the newest
   * link and the newest retirement say it): lets a reader that already has the marks skip them.
   */
  linksVersion(): Promise<string>;
  /** Links as they stood at `at` (created by then, not yet retired by then): past provenance. */
  linksAt(docId: string, at: number): Promise<ProvenanceLink[]>;
}

export class LinkAlreadyRetiredError extends Error {
  override name = 'LinkAlreadyRetiredError';
}
