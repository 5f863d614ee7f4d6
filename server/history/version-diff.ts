/**
 * What changed between two versions of a document, attributed from the server's stamps:
 *
 * - structure (by uid): títulos, capítulos, artículos, apartados and transitory articles added,
 *   removed or moved; renumbering (derived from position) listed apart, since one insertion
 *   renumbers everything after it;
 * - text, block by block (by uid): a word-level diff of each changed block, each inserted word
 *   with the person whose update inserted it and each removed word with the person whose update
 *   removed it (only updates between the two versions count).
 */
import type { Node as PMNode } from 'prosemirror-model';
import * as Y from 'yjs';
import { numberDocument } from '../../shared/schema/numbering.ts';
import type { BlockChange, DiffToken, Renumbering, StructureChange, StructureInfo, VersionDiff } from '../../shared/history/history-types.ts';
import type { Attribution, Stamp } from './attribution.ts';
import type { DocumentAt } from './document-at.ts';
import { type DiffOp, diffTokens, tokenize } from './word-diff.ts';

export type { VersionDiff };

/** Structural nodes the changelog follows by uid. */
const STRUCTURAL = new Set(['titulo', 'capitulo', 'articulo', 'apartado', 'transitorio']);


function structureOf(doc: PMNode): Map<string, StructureInfo & { index: number; parentUid: string }> {
  const out = new Map<string, StructureInfo & { index: number; parentUid: string }>();
  let article: string | null = null;
  for (const numbered of numberDocument(doc)) {
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
  const before = structureOf(older.doc);
  const after = structureOf(newer.doc);
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
  const blocks: BlockChange[] = [];
  for (const [uid, block] of newerBlocks) {
    const was = olderBlocks.get(uid);
    const now = charsOf(block.text);
    if (!was) {
      blocks.push({ change: 'added', uid, kind: block.kind, article: articleLabel(block.articleUid), tokens: byAuthor('insert', now.text, stampedPieces(now.runs, 0, now.text.length, inserted)) });
      continue;
    }
    const then = charsOf(was.text);
    if (then.text === now.text) continue;
    const ops = diffTokens(tokenize(then.text), tokenize(now.text));
    const tokens: DiffToken[] = [];
    let olderAt = 0;
    let newerAt = 0;
    for (const { op, text } of ops) {
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
    blocks.push({ change: 'changed', uid, kind: block.kind, article: articleLabel(block.articleUid), tokens: mergeTokens(tokens) });
  }
  for (const [uid, block] of olderBlocks) {
    if (newerBlocks.has(uid)) continue;
    const then = charsOf(block.text);
    // Characters inside a removed element are not deleted one by one: the element's removal says who.
    const whole = removedBy(block.text.parent instanceof Y.XmlElement ? block.text.parent : undefined);
    const pieces = stampedPieces(then.runs, 0, then.text.length, deleted).map((piece) => ({ length: piece.length, stamp: piece.stamp ?? whole }));
    blocks.push({ change: 'removed', uid, kind: block.kind, article: articleLabel(block.articleUid), tokens: byAuthor('delete', then.text, pieces) });
  }
  return { structure, renumbered, blocks };
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
