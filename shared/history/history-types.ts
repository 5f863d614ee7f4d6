/**
 * The shapes of the history answers (docs/api.md, "History"), shared by the server that makes them
 * and the history page that shows them. A stamp is the server's record of one logged update.
 */
import type { ProvenanceLink } from '../provenance/link-types.ts';
import type { OutlineEntry } from '../schema/outline.ts';

/** An operation of a word-level diff. */
export type DiffOp = 'equal' | 'insert' | 'delete';

/** A logged update as attribution sees it: its log position, its author and when it arrived. */
export interface Stamp {
  seq: number;
  userId: string;
  at: number;
}

export interface StructureInfo {
  uid: string;
  kind: string;
  num: string;
  label: string;
  heading: string;
  /** The enclosing article's uid (for an apartado), else null. */
  articleUid: string | null;
}

export interface StructureChange {
  change: 'added' | 'removed' | 'moved';
  kind: string;
  uid: string;
  before: StructureInfo | null;
  after: StructureInfo | null;
  /** Who made the change (the update that inserted or removed the element), or null when unknown. */
  by: Stamp | null;
}

export interface Renumbering {
  kind: string;
  uid: string;
  from: string;
  to: string;
}

export interface DiffToken {
  op: DiffOp;
  text: string;
  /** For an inserted or removed word: the update that did it. */
  by?: Stamp | null;
}

/** One step of a block's place: a container or list level and its number ("apartado", "A"). */
export interface PlaceStep {
  /** A node type name: articulo, apartado, numeral, fraccion, inciso, parrafo, titulo… */
  kind: string;
  /** Its number as written ("13", "A", "IV", "c"); a paragraph's ordinal in its container; "" when none. */
  num: string;
}

export interface BlockChange {
  change: 'added' | 'removed' | 'changed';
  uid: string;
  kind: string;
  /** The article the block is in (in the newer version, else the older), or null outside articles. */
  article: { uid: string; label: string } | null;
  /**
   * Where the block stands (in the newer version, else the older), from its article (or título,
   * preamble…) down to itself: artículo 13, apartado A, numeral 1. A heading's place is its container's.
   */
  place: PlaceStep[];
  tokens: DiffToken[];
}

export interface VersionDiff {
  structure: StructureChange[];
  renumbered: Renumbering[];
  /** In reading order: where each block stands now, a removed one where it stood. */
  blocks: BlockChange[];
}

export interface DiffAnswer extends VersionDiff {
  from: { seq: number; at: number | null };
  to: { seq: number; at: number | null };
  links: { added: ProvenanceLink[]; retired: ProvenanceLink[] };
  /** Names of everyone a stamp in the answer refers to. */
  people: Record<string, string | null>;
}

/** One stretch of work by one person on one article: its first and last update and what it did. */
export interface ArticleChange {
  userId: string;
  from: { seq: number; at: number };
  to: { seq: number; at: number };
  /** Characters (and structural elements, one each) added and removed. */
  inserted: number;
  deleted: number;
  updates: number;
}

/** The changes that touched one article up to `seq`, oldest first, with the names of the people. */
export interface ArticleHistoryAnswer {
  seq: number;
  articleUid: string;
  changes: ArticleChange[];
  people: Record<string, string | null>;
}

/** A document as it stood at log position `seq`, for reading it in the editor's look. */
export interface VersionTextAnswer {
  seq: number;
  /** When the update at `seq` arrived. */
  at: number | null;
  /** The ProseMirror document (JSON, uids included). */
  doc: unknown;
  outline: OutlineEntry[];
}
