/**
 * Finds text that an update typed into content someone else had already removed. Yjs keeps such
 * text out of the document (an insertion into a deleted element is deleted on arrival), which is
 * right for convergence but silently loses the typist's words when the element was not really
 * removed but moved, or turned into another kind of block. The server hands this text back to its
 * author (see shared/protocol/notices.ts); the bytes also stay in the update log.
 *
 * Must run inside the transaction's afterTransaction event: Yjs garbage-collects deleted content
 * right after it.
 */
import * as Y from 'yjs';

export interface OrphanedText {
  /** uid of the nearest ancestor that has one (the block or article typed into). */
  uid: string | null;
  text: string;
}

/** True when an ancestor of `item` was deleted before this transaction (not by it). */
function landedInRemovedContent(item: Y.Item, transaction: Y.Transaction): boolean {
  let parent = item.parent;
  while (parent instanceof Y.AbstractType && parent._item) {
    const holder: Y.Item = parent._item;
    if (holder.deleted && !Y.isDeleted(transaction.deleteSet, holder.id)) return true;
    parent = holder.parent;
  }
  return false;
}

/** An element's uid, also when the element is deleted (getAttribute hides deleted entries). */
function uidOf(element: Y.XmlElement): string | null {
  const entry = element._map.get('uid');
  if (!entry || !(entry.content instanceof Y.ContentAny)) return null;
  const value: unknown = entry.content.arr[entry.content.arr.length - 1];
  return typeof value === 'string' ? value : null;
}

function nearestUid(item: Y.Item): string | null {
  let parent = item.parent;
  while (parent instanceof Y.AbstractType) {
    if (parent instanceof Y.XmlElement) {
      const uid = uidOf(parent);
      if (uid !== null) return uid;
    }
    const holder: Y.Item | null = parent._item;
    if (!holder) break;
    parent = holder.parent;
  }
  return null;
}

/** The text this transaction inserted into previously removed content, grouped by nearest uid. */
export function orphanedText(transaction: Y.Transaction): OrphanedText[] {
  const byUid = new Map<string | null, string>();
  const structsByClient = transaction.doc.store.clients;
  for (const [client, after] of transaction.afterState) {
    const before = transaction.beforeState.get(client) ?? 0;
    if (after <= before) continue;
    const structs = structsByClient.get(client);
    if (!structs) continue;
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const struct = structs[i];
      if (!struct || struct.id.clock >= after) break;
      if (!(struct instanceof Y.Item) || !struct.deleted || !(struct.content instanceof Y.ContentString)) continue;
      if (!landedInRemovedContent(struct, transaction)) continue;
      const uid = nearestUid(struct);
      byUid.set(uid, (byUid.get(uid) ?? '') + struct.content.str);
    }
  }
  return [...byUid].map(([uid, text]) => ({ uid, text })).filter((o) => o.text.trim() !== '');
}
