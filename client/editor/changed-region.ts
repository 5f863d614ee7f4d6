/**
 * Where two versions of a document differ. Plugins use it to look only at the part of the document
 * a transaction touched, so that typing costs the same on a three-paragraph draft and on the whole
 * constitution.
 *
 * It compares documents rather than reading transaction steps because y-prosemirror applies remote
 * changes as one step that replaces the whole document; the comparison stays cheap because both
 * ProseMirror and y-prosemirror reuse every node that did not change, and `findDiffStart` /
 * `findDiffEnd` skip identical nodes without descending into them.
 */
import type { Node as PMNode } from 'prosemirror-model';

/** `[from, toOld)` in the old document was replaced by `[from, toNew)` in the new one. */
export interface ChangedRegion {
  from: number;
  toOld: number;
  toNew: number;
}

/** The smallest single region outside of which `prev` and `next` are identical; null when equal. */
export function changedRegion(prev: PMNode, next: PMNode): ChangedRegion | null {
  if (prev === next) return null;
  const from = prev.content.findDiffStart(next.content);
  if (from === null) return null;
  const end = prev.content.findDiffEnd(next.content);
  let toOld = end ? end.a : prev.content.size;
  let toNew = end ? end.b : next.content.size;
  // Repeated characters make the two scans overlap ("aa" → "aaa"); widen both ends equally so
  // the suffixes stay identical.
  const overlap = from - Math.min(toOld, toNew);
  if (overlap > 0) {
    toOld += overlap;
    toNew += overlap;
  }
  return { from, toOld, toNew };
}

/**
 * True when the change stayed inside the inline content of a single textblock in both documents:
 * plain typing, which can never change the structure (and so never a derived number).
 */
export function isWithinOneTextblock(prev: PMNode, next: PMNode, region: ChangedRegion): boolean {
  const $oldFrom = prev.resolve(region.from);
  if (!$oldFrom.parent.isTextblock || !$oldFrom.sameParent(prev.resolve(region.toOld))) return false;
  const $newFrom = next.resolve(region.from);
  return $newFrom.parent.isTextblock && $newFrom.sameParent(next.resolve(region.toNew));
}

/** The textblock that contains a region already known to be within one textblock (new document). */
export function textblockAround(doc: PMNode, pos: number): { node: PMNode; parent: PMNode; index: number } {
  const $pos = doc.resolve(pos);
  return { node: $pos.parent, parent: $pos.node($pos.depth - 1), index: $pos.index($pos.depth - 1) };
}
