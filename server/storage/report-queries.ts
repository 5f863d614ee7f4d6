/**
 * The read-only queries behind the public reports (commitments per threshold, the auditor's
 * dashboard): part of the one storage interface (store.ts, `CartaStore.reports`). They count and
 * page petitions through the signatures index and narrow the links that could answer a petition in
 * the database, so a report never loads every source or every link.
 *
 * Petitions are ordered by signatures, most first, then by their integer key: a position in that
 * order is a cursor for the next page.
 */
import type { LinkRelation } from '../../shared/provenance/link-types.ts';

/** A petition's place in the signatures order. */
export interface PetitionPosition {
  key: number;
  signatures: number;
}

/** What a report shows of a petition. */
export interface PetitionRow extends PetitionPosition {
  id: string;
  externalRef: string;
  title: string;
  sample: boolean;
}

/** A passage link that may answer its source (not retired, not `declined`). */
export interface PassageCandidate {
  id: string;
  sourceId: string;
  articleUid: string;
  start: string;
  end: string;
}

/**
 * The links of one document that may make a source "answered" and an article "provenanced", as
 * narrowed by the database: a whole-article link to an article that exists is live whatever the
 * text says, so only the passages of sources and articles that no such link covers are left for
 * the live text to decide.
 */
export interface AnswerCandidates {
  /** Sources with a whole-article link (not retired, not `declined`) to one of the given articles. */
  wholeArticleSources: string[];
  /** The given articles that have such a link. */
  wholeArticles: string[];
  /** Passage links (not retired, not `declined`) of every other source or article, oldest first. */
  passages: PassageCandidate[];
}

/** How many petitions have signatures in `[min, max]` (both as found, not as asked). */
export interface SignatureRange {
  count: number;
  min: number;
  max: number;
}

export interface ReportQueries {
  /** The documents that have links (existing or not). */
  documentsWithLinks(): Promise<string[]>;
  /** The candidates of one document, given the uids of the articles its live text has. */
  answerCandidates(docId: string, liveArticleUids: readonly string[]): Promise<AnswerCandidates>;
  /** Links that are not retired, per relation (orphaned passages included). */
  linksPerRelation(docId: string): Promise<Record<LinkRelation, number>>;
  /** Changes whenever a source is created or updated (an import): cached figures are then stale. */
  sourcesVersion(): Promise<string>;
  /** How many petitions have at least `minSignatures` signatures. */
  countPetitions(minSignatures: number): Promise<number>;
  /** The petitions among these source ids (other kinds and unknown ids are left out), unordered. */
  petitionPositions(ids: readonly string[]): Promise<Array<PetitionPosition & { id: string }>>;
  /**
   * Positions of petitions with at least `minSignatures`, in order, strictly after `after`
   * (null: from the first), at most `limit`: walks the signatures index only.
   */
  positionsAfter(minSignatures: number, after: PetitionPosition | null, limit: number): Promise<PetitionPosition[]>;
  /** The petitions with these keys, in signatures order. */
  petitionsByKey(keys: readonly number[]): Promise<PetitionRow[]>;
  /** Petitions with at least `minSignatures`, in order, after `after`, at most `limit`. */
  petitionsAfter(minSignatures: number, after: PetitionPosition | null, limit: number): Promise<PetitionRow[]>;
  /** Petitions strictly after `after` with `low ≤ signatures < high`. */
  signatureRange(after: PetitionPosition | null, low: number, high: number): Promise<SignatureRange>;
}
