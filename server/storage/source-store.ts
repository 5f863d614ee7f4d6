/**
 * The storage of citizen sources and of the drafting process's signature thresholds: part of the
 * one storage interface (store.ts, `CartaStore.sources`). Every write records an audit event with
 * its author in the same transaction.
 */
import type { Source, SourceKind, Threshold } from '../../shared/provenance/source-types.ts';

/** A source to import: everything but the ids and times Carta assigns. */
export type SourceInput = Source extends infer S ? (S extends Source ? Omit<S, 'id' | 'createdAt' | 'updatedAt'> : never) : never;

export interface SourceQuery {
  /** Words to search for (accent- and case-insensitive, prefix match); empty for all. */
  q?: string;
  kind?: SourceKind;
  minSignatures?: number;
  /** Petitions that reached at least this threshold level. */
  minLevel?: number;
  /** Include generated sample data (default true). */
  includeSample?: boolean;
  limit: number;
  /** Opaque cursor from the previous page's `next`. */
  after?: string;
}

export interface SourcePage {
  sources: Source[];
  /** Total matching (all pages). */
  total: number;
  next: string | null;
}

export interface ImportOutcome {
  created: number;
  updated: number;
  unchanged: number;
}

/** A source that an import would have given another kind, by its index in the imported list. */
export interface KindChange {
  index: number;
  externalRef: string;
  id: string;
  /** As stored (a SourceKind, unless the database was edited by hand). */
  storedKind: string;
  importedKind: SourceKind;
}

/**
 * Thrown by importSources, which then stores nothing, when a known external reference arrives with
 * another kind: the source keeps its id and its links, and a meeting those links cite must not
 * silently become a petition (with signatures, threshold levels and commitments).
 */
export class SourceKindChangeError extends Error {
  override name = 'SourceKindChangeError';
  constructor(readonly changes: readonly KindChange[]) {
    super(`${changes.length} source${changes.length === 1 ? '' : 's'} would change kind (first: "${changes[0]?.externalRef}", ${changes[0]?.storedKind} → ${changes[0]?.importedKind})`);
  }
}

export interface SourceStore {
  /**
   * Creates or updates (by `externalRef`) every source in ONE transaction, with one audit event
   * (`sources.import`, subject the file name) by `actorId`. `onProgress` is called with the number of
   * rows written so far. A known reference never changes kind: SourceKindChangeError, nothing stored.
   */
  importSources(sources: readonly SourceInput[], actor: { id: string; file: string }, at: number, onProgress?: (done: number) => void): Promise<ImportOutcome>;
  getSource(id: string): Promise<Source | null>;
  getSources(ids: readonly string[]): Promise<Map<string, Source>>;
  searchSources(query: SourceQuery): Promise<SourcePage>;
  countSources(): Promise<Record<SourceKind, number>>;
  thresholds(): Promise<Threshold[]>;
  /** Replaces the thresholds (an admin action), audit event `thresholds.set`. */
  setThresholds(thresholds: readonly Threshold[], actorId: string, at: number): Promise<void>;
}
