/**
 * The smallest Yjs edit that makes live content equal to an old version of it, for restoring.
 * What is already as it was keeps its items — and so its authors in blame and its place for
 * anchors and comments: children are matched by uid (headings and text by their kind), only the
 * ones that differ are removed or inserted (a copy of the old one, same uids), attributes are set
 * one by one, and a changed text gets only its differing characters deleted and inserted, then
 * the formatting set where it differs. Deleting everything and inserting copies, as restore once
 * did, made the restorer the author of every character and moved every anchor.
 */
import * as Y from 'yjs';
import { diffText } from './word-diff.ts';

type Container = Y.XmlFragment | Y.XmlElement;
type Child = Y.XmlElement | Y.XmlText | Y.XmlHook;
type Attributes = Record<string, unknown>;

/** Deep equality of attribute and formatting values (JSON-like: strings, numbers, objects of them). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((key) => Object.hasOwn(b, key) && sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/**
 * What matches a child across versions: a structural node by its name and uid (a node that changed
 * kind is another node for Yjs), a heading or a text by its name and how many came before it.
 */
function childKeys(children: readonly Child[]): string[] {
  const seen = new Map<string, number>();
  return children.map((child) => {
    let key: string;
    if (child instanceof Y.XmlText) key = '#text';
    else if (child instanceof Y.XmlElement) {
      const uid = child.getAttribute('uid');
      key = typeof uid === 'string' ? `${child.nodeName}:${uid}` : `${child.nodeName}#`;
    } else key = `#hook:${child.hookName}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return n === 0 ? key : `${key}${n}`;
  });
}

/** Above this many table cells, children between the common start and end are replaced rather than matched. */
const MAX_CELLS = 4_000_000;

/**
 * The pairs (live index, old index) of the longest common subsequence of two key lists. The common
 * start and end are taken first (usually nearly all of it), so the table covers only the middle.
 */
function commonChildren(live: readonly string[], old: readonly string[]): Array<[number, number]> {
  let start = 0;
  while (start < live.length && start < old.length && live[start] === old[start]) start++;
  let liveEnd = live.length;
  let oldEnd = old.length;
  while (liveEnd > start && oldEnd > start && live[liveEnd - 1] === old[oldEnd - 1]) {
    liveEnd--;
    oldEnd--;
  }
  const pairs: Array<[number, number]> = [];
  for (let k = 0; k < start; k++) pairs.push([k, k]);
  const rows = liveEnd - start;
  const columns = oldEnd - start;
  if (rows > 0 && columns > 0 && rows * columns <= MAX_CELLS) {
    const width = columns + 1;
    const table = new Uint32Array((rows + 1) * width);
    for (let i = rows - 1; i >= 0; i--) {
      for (let j = columns - 1; j >= 0; j--) {
        table[i * width + j] = live[start + i] === old[start + j] ? (table[(i + 1) * width + j + 1] as number) + 1 : Math.max(table[(i + 1) * width + j] as number, table[i * width + j + 1] as number);
      }
    }
    let i = 0;
    let j = 0;
    while (i < rows && j < columns) {
      if (live[start + i] === old[start + j]) pairs.push([start + i++, start + j++]);
      else if ((table[(i + 1) * width + j] as number) >= (table[i * width + j + 1] as number)) i++;
      else j++;
    }
  }
  for (let k = 0; liveEnd + k < live.length; k++) pairs.push([liveEnd + k, oldEnd + k]);
  return pairs;
}

/** A copy of an old child, to insert into the live document (a new shared type with the same names, uids and text). */
function copyOf(child: Child): Y.XmlElement | Y.XmlText {
  // The legal schema has no hooks; a document the write path accepted holds none.
  if (child instanceof Y.XmlHook) throw new Error(`an XmlHook ("${child.hookName}") in a legal document cannot be restored`);
  return child.clone();
}

function restoreAttributes(live: Y.XmlElement, old: Y.XmlElement): void {
  const was = old.getAttributes();
  const now = live.getAttributes();
  // Only what differs is written: setting an attribute to its own value is still a new item.
  for (const [key, value] of Object.entries(was)) {
    if (value !== undefined && !sameValue(now[key], value)) live.setAttribute(key, value);
  }
  for (const key of Object.keys(now)) if (!(key in was)) live.removeAttribute(key);
}

/** The text of a delta and, per character run, its formatting; null when it holds embeds (not text). */
function runsOf(delta: ReadonlyArray<{ insert?: unknown; attributes?: Attributes }>): { text: string; runs: Array<{ length: number; attributes: Attributes }> } | null {
  let text = '';
  const runs: Array<{ length: number; attributes: Attributes }> = [];
  for (const op of delta) {
    if (typeof op.insert !== 'string') return null;
    text += op.insert;
    runs.push({ length: op.insert.length, attributes: op.attributes ?? {} });
  }
  return { text, runs };
}

/** The formatting runs covering [from, to) of a text. */
function runsIn(runs: ReadonlyArray<{ length: number; attributes: Attributes }>, from: number, to: number): Array<{ start: number; end: number; attributes: Attributes }> {
  const out: Array<{ start: number; end: number; attributes: Attributes }> = [];
  let at = 0;
  for (const run of runs) {
    const start = Math.max(from, at);
    const end = Math.min(to, at + run.length);
    if (end > start) out.push({ start, end, attributes: run.attributes });
    at += run.length;
    if (at >= to) break;
  }
  return out;
}

/** Edits `live` into `old`: the characters that differ, then the formatting where it differs. */
function restoreText(live: Y.XmlText, old: Y.XmlText): void {
  const was = runsOf(old.toDelta() as Array<{ insert?: unknown; attributes?: Attributes }>);
  const now = runsOf(live.toDelta() as Array<{ insert?: unknown; attributes?: Attributes }>);
  if (!was || !now) {
    // Not plain text (the schema has no inline nodes, so this is not expected): replace it whole.
    if (!sameValue(live.toDelta(), old.toDelta())) {
      live.delete(0, live.length);
      live.applyDelta(old.toDelta());
    }
    return;
  }
  if (was.text === now.text && was.runs.length === now.runs.length && was.runs.every((run, i) => run.length === now.runs[i]?.length && sameValue(run.attributes, now.runs[i]?.attributes ?? {}))) return;

  // Characters: positions in the live text as it is being edited, and in the old text.
  let at = 0;
  let oldAt = 0;
  for (const { op, text } of diffText(now.text, was.text)) {
    if (op === 'equal') {
      at += text.length;
      oldAt += text.length;
    } else if (op === 'delete') {
      live.delete(at, text.length);
    } else {
      // Explicit formatting (possibly none), or Yjs would carry over the formatting on the left.
      for (const run of runsIn(was.runs, oldAt, oldAt + text.length)) {
        live.insert(at, was.text.slice(run.start, run.end), { ...run.attributes });
        at += run.end - run.start;
      }
      oldAt += text.length;
    }
  }

  // Formatting: the texts are now equal; set the old formatting where the live one differs.
  const edited = runsOf(live.toDelta() as Array<{ insert?: unknown; attributes?: Attributes }>);
  if (!edited) return;
  const boundaries = new Set<number>([0, was.text.length]);
  for (const runs of [was.runs, edited.runs]) {
    let offset = 0;
    for (const run of runs) boundaries.add((offset += run.length));
  }
  const cuts = [...boundaries].sort((a, b) => a - b);
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i] as number;
    const end = cuts[i + 1] as number;
    if (end <= start) continue;
    const wanted = runsIn(was.runs, start, end)[0]?.attributes ?? {};
    const present = runsIn(edited.runs, start, end)[0]?.attributes ?? {};
    if (sameValue(wanted, present)) continue;
    // null removes a mark the live text has and the old one had not.
    const format: Record<string, unknown> = { ...wanted };
    for (const key of Object.keys(present)) if (!(key in wanted)) format[key] = null;
    live.format(start, end - start, format);
  }
}

/** Edits a live node into its old version; false when they cannot be the same Yjs node (then it is replaced). */
function restoreNode(live: Child, old: Child): boolean {
  if (live instanceof Y.XmlText && old instanceof Y.XmlText) {
    restoreText(live, old);
    return true;
  }
  if (live instanceof Y.XmlElement && old instanceof Y.XmlElement && live.nodeName === old.nodeName) {
    restoreAttributes(live, old);
    restoreChildren(live, old);
    return true;
  }
  return false;
}

/** Edits the children of `live` into those of `old`: matched ones in place, the rest removed or inserted as copies. */
export function restoreChildren(live: Container, old: Container): void {
  const liveChildren = live.toArray() as Child[];
  const oldChildren = old.toArray() as Child[];
  const pairs = commonChildren(childKeys(liveChildren), childKeys(oldChildren));
  let index = 0;
  let i = 0;
  let j = 0;
  for (const [keepLive, keepOld] of [...pairs, [liveChildren.length, oldChildren.length] as [number, number]]) {
    if (keepLive > i) live.delete(index, keepLive - i);
    if (keepOld > j) {
      live.insert(index, oldChildren.slice(j, keepOld).map(copyOf));
      index += keepOld - j;
    }
    i = keepLive;
    j = keepOld;
    if (i >= liveChildren.length) break;
    const liveChild = liveChildren[i] as Child;
    const oldChild = oldChildren[j] as Child;
    if (!restoreNode(liveChild, oldChild)) {
      live.delete(index, 1);
      live.insert(index, [copyOf(oldChild)]);
    }
    index++;
    i++;
    j++;
  }
}

/** Edits one live element (an article) into its old version, in place; replaces it when it changed kind. */
export function restoreElement(live: Y.XmlElement, old: Y.XmlElement): void {
  if (restoreNode(live, old)) return;
  const parent = live.parent as Container;
  const index = parent.toArray().indexOf(live);
  parent.delete(index, 1);
  parent.insert(index, [copyOf(old)]);
}
