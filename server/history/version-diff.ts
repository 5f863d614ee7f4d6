/**
 * What changed between two versions of a document, attributed from the server's stamps:
 *
 * - structure (by uid): títulos, capítulos, artículos, apartados and transitory articles added,
 *   removed or moved; renumbering (derived from position) listed apart, since one insertion
 *   renumbers everything after it;
 * - text, block by block (by uid): what each changed block gained and lost, each inserted piece
 *   with the person whose update inserted it and each removed piece with the person whose update
 *   removed it (only updates between the two versions count); listed in reading order (a removed
 *   block where it stood), each with its place (artículo 13, apartado A, numeral 1).
 *
 * Which characters changed is read from the Yjs items when the block's text is the same shared
 * type in both versions: a character live in both is unchanged, however its item was split since.
 * Comparing the texts word by word instead once showed "Toda" → "Todas" as the whole word removed
 * and typed again by "someone before the log" (nobody removed those characters, and they were
 * written before the older version). The texts are compared only when the block was re-created
 * (a move or a change of kind makes a new copy, whose characters are all new items).
 */
import type { Node as PMNode } from 'prosemirror-model';
import * as Y from 'yjs';
import { type NumberedNode, numberDocument } from '../../shared/schema/numbering.ts';
import type { BlockChange, DiffToken, Renumbering, StructureChange, StructureInfo, VersionDiff } from '../../shared/history/history-types.ts';
import type { Attribution, Stamp } from './attribution.ts';
import { blockPlaces } from './block-places.ts';
import type { DocumentAt } from './document-at.ts';
import { inReadingOrder } from './reading-order.ts';
import { type DiffOp, diffTokens, tokenize, trimReplacements } from './word-diff.ts';

export type { VersionDiff };

/** Structural nodes the changelog follows by uid. */
const STRUCTURAL = new Set(['titulo', 'capitulo', 'articulo', 'apartado', 'transitorio']);


function structureOf(doc: PMNode, numbering: readonly NumberedNode[]): Map<string, StructureInfo & { index: number; parentUid: string }> {
  const out = new Map<string, StructureInfo & { index: number; parentUid: string }>();
  let article: string | null = null;
  for (const numbered of numbering) {
    if (!STRUCTURAL.has(numbered.kind)) continue;
    const uid = String(numbered.node.attrs.uid ?? '');
    if (numbered.kind === 'articulo' || numbered.kind === 'transitorio') article = uid;
    else if (numbered.kind !== 'apartado') article = null;
    const first = numbered.node.firstChild;
    const heading = first && first.isTextblock ? first.textContent : '';
    const parent = doc.resolve(numbered.pos).parent;
    out.set(uid, {
      uid,
      kind: numbered.kind,
      num: numbered.num,
      label: numbered.label,
      heading,
      articleUid: numbered.kind === 'apartado' ? article : null,
      index: out.size,
      parentUid: parent.type.name === 'doc' ? '' : String(parent.attrs.uid ?? ''),
    });
  }
  return out;
}

/** Every element with a uid in the fragment (present ones), for finding who inserted or removed it. */
function elementsByUid(fragment: Y.XmlFragment): Map<string, Y.XmlElement> {
  const out = new Map<string, Y.XmlElement>();
  const walk = (parent: Y.XmlFragment | Y.XmlElement): void => {
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      const uid = child.getAttribute('uid');
      if (typeof uid === 'string') out.set(uid, child);
      walk(child);
    }
  };
  walk(fragment);
  return out;
}

/** A stretch of a block's text that one Yjs item holds: its offset in the text and its ids. */
interface CharRun {
  start: number;
  length: number;
  client: number;
  clock: number;
}

/** The characters of a block's text (formatting and embeds left out), with the item runs that hold them. */
function charsOf(text: Y.XmlText): { text: string; runs: CharRun[] } {
  let out = '';
  const runs: CharRun[] = [];
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted || !(item.content instanceof Y.ContentString)) continue;
    runs.push({ start: out.length, length: item.length, client: item.id.client, clock: item.id.clock });
    out += item.content.str;
  }
  return { text: out, runs };
}

/**
 * The characters that are live in one version of a block, by item id: per client, clock ranges
 * sorted by clock with the text offset each starts at (text order and clock order differ when
 * someone typed before older text).
 */
class LiveCharacters {
  private readonly byClient = new Map<number, { starts: number[]; ends: number[]; offsets: number[] }>();

  constructor(runs: readonly CharRun[]) {
    const grouped = new Map<number, CharRun[]>();
    for (const run of runs) {
      const list = grouped.get(run.client);
      if (list) list.push(run);
      else grouped.set(run.client, [run]);
    }
    for (const [client, list] of grouped) {
      list.sort((a, b) => a.clock - b.clock);
      this.byClient.set(client, { starts: list.map((r) => r.clock), ends: list.map((r) => r.clock + r.length), offsets: list.map((r) => r.start) });
    }
  }

  /**
   * The clock range [clock, clock + length) of one client cut where it enters or leaves the live
   * characters: `offset` within the range, and `at`, the text offset of a live part (-1 when not live).
   */
  pieces(client: number, clock: number, length: number): Array<{ offset: number; length: number; at: number }> {
    const ranges = this.byClient.get(client);
    const end = clock + length;
    if (!ranges) return [{ offset: 0, length, at: -1 }];
    // The first range that ends after `clock`.
    let lo = 0;
    let hi = ranges.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((ranges.ends[mid] as number) <= clock) lo = mid + 1;
      else hi = mid;
    }
    const out: Array<{ offset: number; length: number; at: number }> = [];
    let at = clock;
    for (let i = lo; i < ranges.starts.length && at < end; i++) {
      const start = ranges.starts[i] as number;
      if (start >= end) break;
      if (start > at) {
        out.push({ offset: at - clock, length: start - at, at: -1 });
        at = start;
      }
      const stop = Math.min(end, ranges.ends[i] as number);
      out.push({ offset: at - clock, length: stop - at, at: (ranges.offsets[i] as number) + (at - start) });
      at = stop;
    }
    if (at < end) out.push({ offset: at - clock, length: end - at, at: -1 });
    return out;
  }
}

type RunSplitter = (client: number, clock: number, length: number) => Array<{ offset: number; length: number; stamp: Stamp | null }>;

/**
 * The characters [from, to) of a block split into pieces by who did it, item run by item run (not
 * character by character: a paragraph may hold a hundred thousand of them).
 */
function stampedPieces(runs: readonly CharRun[], from: number, to: number, split: RunSplitter): Array<{ length: number; stamp: Stamp | null }> {
  const pieces: Array<{ length: number; stamp: Stamp | null }> = [];
  // Runs are in text order: find the first that reaches past `from`.
  let lo = 0;
  let hi = runs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const run = runs[mid] as CharRun;
    if (run.start + run.length <= from) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < runs.length; i++) {
    const run = runs[i] as CharRun;
    if (run.start >= to) break;
    const start = Math.max(from, run.start);
    const end = Math.min(to, run.start + run.length);
    for (const piece of split(run.client, run.clock + (start - run.start), end - start)) {
      const last = pieces.at(-1);
      if (last && (last.stamp?.userId ?? null) === (piece.stamp?.userId ?? null)) last.length += piece.length;
      else pieces.push({ length: piece.length, stamp: piece.stamp });
    }
  }
  return pieces;
}

/**
 * The changes of a block whose text is the same Yjs type in both versions, from the items of the
 * newer one (deleted items stay in its list, in place): characters live in both are equal, live
 * only in the newer version inserted, live only in the older one deleted. Null when the items do
 * not account for both texts exactly (then the texts are compared instead).
 */
function itemTokens(then: { text: string; runs: CharRun[] }, newerText: Y.XmlText, newerLength: number, inserted: RunSplitter, deleted: RunSplitter): DiffToken[] | null {
  const live = new LiveCharacters(then.runs);
  const tokens: DiffToken[] = [];
  let kept = 0;
  let added = 0;
  let removed = 0;
  const attributed = (op: DiffOp, text: string, pieces: ReturnType<RunSplitter>): void => {
    for (const piece of pieces) tokens.push({ op, text: text.slice(piece.offset, piece.offset + piece.length), by: piece.stamp });
  };
  for (let item = newerText._start; item !== null; item = item.right) {
    const { client, clock } = item.id;
    if (!item.deleted) {
      // Formatting marks and embeds are items too, but not characters.
      if (!(item.content instanceof Y.ContentString)) continue;
      const str = item.content.str;
      for (const piece of live.pieces(client, clock, item.length)) {
        const text = str.slice(piece.offset, piece.offset + piece.length);
        if (piece.at >= 0) {
          tokens.push({ op: 'equal', text });
          kept += piece.length;
        } else {
          attributed('insert', text, inserted(client, clock + piece.offset, piece.length));
          added += piece.length;
        }
      }
    } else {
      for (const piece of live.pieces(client, clock, item.length)) {
        if (piece.at < 0) continue;
        attributed('delete', then.text.slice(piece.at, piece.at + piece.length), deleted(client, clock + piece.offset, piece.length));
        removed += piece.length;
      }
    }
  }
  if (kept + removed !== then.text.length || kept + added !== newerLength) return null;
  return tokens;
}

/**
 * How a text block is followed from version to version: its uid, or for a heading (epígrafe, the
 * name of a título…, which carry no uid of their own) its parent's uid and its kind.
 */
export function blockKey(element: Y.XmlElement): string | null {
  const uid = element.getAttribute('uid');
  if (typeof uid === 'string') return uid;
  const parentUid = element.parent instanceof Y.XmlElement ? element.parent.getAttribute('uid') : undefined;
  return typeof parentUid === 'string' ? `${parentUid}/${element.nodeName}` : null;
}

interface BlockAt {
  uid: string;
  kind: string;
  articleUid: string | null;
  text: Y.XmlText;
}

function blocksOf(fragment: Y.XmlFragment): Map<string, BlockAt> {
  const out = new Map<string, BlockAt>();
  const walk = (parent: Y.XmlFragment | Y.XmlElement, articleUid: string | null): void => {
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      const isArticle = child.nodeName === 'articulo' || child.nodeName === 'transitorio';
      const inArticle = isArticle ? String(child.getAttribute('uid') ?? '') : articleUid;
      const text = child.toArray().find((c): c is Y.XmlText => c instanceof Y.XmlText);
      if (text) {
        const uid = blockKey(child);
        if (uid) out.set(uid, { uid, kind: child.nodeName, articleUid: inArticle, text });
      }
      walk(child, inArticle);
    }
  };
  walk(fragment, null);
  return out;
}

export function diffVersions(older: DocumentAt, newer: DocumentAt, attribution: Attribution): VersionDiff {
  const inRange = (stamp: Stamp | null): Stamp | null => (stamp && stamp.seq > older.seq && stamp.seq <= newer.seq ? stamp : null);
  const insertedBy = (element: Y.XmlElement | undefined): Stamp | null => {
    const item = element?._item;
    return item ? inRange(attribution.insertedBy(item.id.client, item.id.clock)) : null;
  };
  const removedBy = (element: Y.XmlElement | undefined): Stamp | null => {
    const item = element?._item;
    if (!item) return null;
    // The element itself, or failing that the nearest deleted ancestor (a removed título takes its articles).
    for (let current: Y.Item | null = item; current; current = (current.parent as Y.AbstractType<unknown>)._item) {
      const stamp = attribution.deletedBy(current.id.client, current.id.clock, older.seq, newer.seq);
      if (stamp) return stamp;
    }
    return null;
  };

  // Structure.
  // Numbered once per version: the structure and the blocks' places both read it.
  const olderNumbering = numberDocument(older.doc);
  const newerNumbering = numberDocument(newer.doc);
  const before = structureOf(older.doc, olderNumbering);
  const after = structureOf(newer.doc, newerNumbering);
  const olderElements = elementsByUid(older.fragment);
  const newerElements = elementsByUid(newer.fragment);
  const structure: StructureChange[] = [];
  const renumbered: Renumbering[] = [];
  const removedUids = new Set<string>();
  for (const [uid, info] of before) {
    if (after.has(uid)) continue;
    removedUids.add(uid);
    // An apartado inside a removed article is not listed again.
    if (info.articleUid && removedUids.has(info.articleUid)) continue;
    structure.push({ change: 'removed', kind: info.kind, uid, before: strip(info), after: null, by: removedBy(olderElements.get(uid)) });
  }
  const common: string[] = [];
  const addedUids = new Set<string>();
  for (const [uid, info] of after) {
    const was = before.get(uid);
    if (!was) {
      addedUids.add(uid);
      if (info.articleUid && addedUids.has(info.articleUid)) continue;
      structure.push({ change: 'added', kind: info.kind, uid, before: null, after: strip(info), by: insertedBy(newerElements.get(uid)) });
      continue;
    }
    common.push(uid);
    if (was.num !== info.num) renumbered.push({ kind: info.kind, uid, from: was.num, to: info.num });
  }
  // In Yjs a node never changes place: a move deletes it and inserts a copy with the same uid. So a
  // node moved when its element was created between the two versions although the older version
  // had it, and it now stands elsewhere: under another parent, or after another of the siblings
  // that stayed (a copy put back where it was, as an undo does, is not a move).
  const recreated = (uid: string): boolean => insertedBy(newerElements.get(uid)) !== null;
  const previousKept = (order: Map<string, StructureInfo & { index: number; parentUid: string }>, uid: string): string | null => {
    const info = order.get(uid);
    let previous: string | null = null;
    for (const [other, otherInfo] of order) {
      if (other === uid) break;
      if (otherInfo.parentUid === info?.parentUid && before.has(other) && after.has(other) && !recreated(other)) previous = other;
    }
    return previous;
  };
  for (const uid of common) {
    const now = after.get(uid);
    const was = before.get(uid);
    if (!now || !was || !recreated(uid)) continue;
    if (now.parentUid !== was.parentUid || previousKept(after, uid) !== previousKept(before, uid)) {
      structure.push({ change: 'moved', kind: now.kind, uid, before: strip(was), after: strip(now), by: insertedBy(newerElements.get(uid)) });
    }
  }

  // Text.
  const inserted: RunSplitter = (client, clock, length) => attribution.insertedRuns(client, clock, length).map((run) => ({ ...run, stamp: inRange(run.stamp) }));
  const deleted: RunSplitter = (client, clock, length) => attribution.deletedRuns(client, clock, length, older.seq, newer.seq);
  const olderBlocks = blocksOf(older.fragment);
  const newerBlocks = blocksOf(newer.fragment);
  const articleLabel = (uid: string | null): { uid: string; label: string } | null => {
    if (!uid) return null;
    const info = after.get(uid) ?? before.get(uid);
    return info ? { uid, label: info.label } : null;
  };
  const olderPlaces = blockPlaces(older.doc, olderNumbering);
  const newerPlaces = blockPlaces(newer.doc, newerNumbering);
  const blocks: BlockChange[] = [];
  for (const [uid, block] of newerBlocks) {
    const was = olderBlocks.get(uid);
    const now = charsOf(block.text);
    if (!was) {
      blocks.push({
        change: 'added',
        uid,
        kind: block.kind,
        article: articleLabel(block.articleUid),
        place: newerPlaces.get(uid) ?? [],
        tokens: byAuthor('insert', now.text, stampedPieces(now.runs, 0, now.text.length, inserted)),
      });
      continue;
    }
    const then = charsOf(was.text);
    if (then.text === now.text) continue;
    const sameText = was.text._item !== null && block.text._item !== null && Y.compareIDs(was.text._item.id, block.text._item.id);
    const tokens = (sameText ? itemTokens(then, block.text, now.text.length, inserted, deleted) : null) ?? textTokens(then, now, inserted, deleted);
    // A character removed and typed again is no change of the text: the ends that the removed and
    // the added text share are shown unchanged, so only what differs is marked.
    const trimmed = trimReplacements(tokens, (text): DiffToken => ({ op: 'equal', text }));
    blocks.push({ change: 'changed', uid, kind: block.kind, article: articleLabel(block.articleUid), place: newerPlaces.get(uid) ?? [], tokens: mergeTokens(trimmed) });
  }
  for (const [uid, block] of olderBlocks) {
    if (newerBlocks.has(uid)) continue;
    const then = charsOf(block.text);
    // Characters inside a removed element are not deleted one by one: the element's removal says who.
    const whole = removedBy(block.text.parent instanceof Y.XmlElement ? block.text.parent : undefined);
    const pieces = stampedPieces(then.runs, 0, then.text.length, deleted).map((piece) => ({ length: piece.length, stamp: piece.stamp ?? whole }));
    blocks.push({ change: 'removed', uid, kind: block.kind, article: articleLabel(block.articleUid), place: olderPlaces.get(uid) ?? [], tokens: byAuthor('delete', then.text, pieces) });
  }
  return { structure, renumbered, blocks: inReadingOrder(blocks, [...olderBlocks.keys()], [...newerBlocks.keys()]) };
}

/** The changes of a re-created block, from its two texts compared word by word, attributed item run by item run. */
function textTokens(then: { text: string; runs: CharRun[] }, now: { text: string; runs: CharRun[] }, inserted: RunSplitter, deleted: RunSplitter): DiffToken[] {
  const tokens: DiffToken[] = [];
  let olderAt = 0;
  let newerAt = 0;
  for (const { op, text } of diffTokens(tokenize(then.text), tokenize(now.text))) {
    if (op === 'equal') {
      tokens.push({ op, text });
      olderAt += text.length;
      newerAt += text.length;
    } else if (op === 'insert') {
      tokens.push(...byAuthor(op, text, stampedPieces(now.runs, newerAt, newerAt + text.length, inserted)));
      newerAt += text.length;
    } else {
      tokens.push(...byAuthor(op, text, stampedPieces(then.runs, olderAt, olderAt + text.length, deleted)));
      olderAt += text.length;
    }
  }
  return tokens;
}

/** Cuts an inserted or deleted stretch into tokens where the person who did it changes. */
function byAuthor(op: DiffOp, text: string, pieces: ReadonlyArray<{ length: number; stamp: Stamp | null }>): DiffToken[] {
  const out: DiffToken[] = [];
  let at = 0;
  for (const piece of pieces) {
    const chunk = text.slice(at, at + piece.length);
    at += piece.length;
    const last = out.at(-1);
    if (last && (last.by?.userId ?? null) === (piece.stamp?.userId ?? null)) last.text += chunk;
    else out.push({ op, text: chunk, by: piece.stamp });
  }
  // Characters the runs did not cover (none expected) stay visible, unattributed.
  if (at < text.length) out.push({ op, text: text.slice(at), by: null });
  return out;
}

function strip(info: StructureInfo & { index: number; parentUid: string }): StructureInfo {
  const { index: _index, parentUid: _parent, ...rest } = info;
  return rest;
}

/** Joins neighbouring tokens of the same operation and author, so the answer stays small. */
function mergeTokens(tokens: DiffToken[]): DiffToken[] {
  const out: DiffToken[] = [];
  for (const token of tokens) {
    const last = out.at(-1);
    // Same operation by the same person: one token (it keeps the first word's stamp).
    if (last && last.op === token.op && (last.by?.userId ?? null) === (token.by?.userId ?? null)) last.text += token.text;
    else out.push({ ...token });
  }
  return out;
}
