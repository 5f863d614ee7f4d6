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

/** Text of another person that an update removed along with a block that lives on elsewhere. */
export interface DisplacedText {
  /** Yjs client id of the text's author. */
  client: number;
  uid: string;
  text: string;
}

/** The text content of an element and everything inside it. */
function textContent(element: Y.XmlElement): string {
  let out = '';
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) out += child.toString();
    else if (child instanceof Y.XmlElement) out += textContent(child);
  }
  return out;
}

/** Live (not deleted) elements of the document, by uid, for the uids asked for. */
function liveElementsByUid(root: Y.XmlFragment, wanted: ReadonlySet<string>): Map<string, Y.XmlElement> {
  const found = new Map<string, Y.XmlElement>();
  const walk = (parent: Y.XmlFragment | Y.XmlElement): void => {
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      const uid = child.getAttribute('uid');
      if (typeof uid === 'string' && wanted.has(uid)) found.set(uid, child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

/**
 * Finds other people's text that this transaction removed while moving or replacing the block that
 * held it: the block was deleted here, a block with the same uid is alive afterwards (the moved or
 * re-kinded copy), and the text is not in that copy. This happens when a member moves an article
 * (or undoes a move) while someone else's typing in it is in flight. Must run in afterTransaction.
 */
export function displacedText(transaction: Y.Transaction, root: Y.XmlFragment): DisplacedText[] {
  const deletedHere = new Map<Y.XmlElement, string>();
  const deletedText: Y.Item[] = [];
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (!(struct instanceof Y.Item)) return;
    if (struct.content instanceof Y.ContentType && struct.content.type instanceof Y.XmlElement) {
      const uid = uidOf(struct.content.type);
      if (uid !== null) deletedHere.set(struct.content.type, uid);
    } else if (struct.content instanceof Y.ContentString) {
      deletedText.push(struct);
    }
  });
  if (deletedHere.size === 0 || deletedText.length === 0) return [];
  const actors = new Set<number>();
  for (const [client, after] of transaction.afterState) if (after > (transaction.beforeState.get(client) ?? 0)) actors.add(client);
  const twins = liveElementsByUid(root, new Set(deletedHere.values()));
  if (twins.size === 0) return [];

  // A run is text of one author typed contiguously; runs are compared with the copy one by one, so
  // text interleaved with other people's typing is still recognised where it survived.
  const runs: DisplacedText[] = [];
  const lastOfRun = new Map<string, { run: DisplacedText; item: Y.Item }>();
  for (const item of deletedText) {
    if (actors.has(item.id.client)) continue;
    // The nearest element with a uid must be one this transaction deleted and that lives on.
    let parent = item.parent;
    let owner: Y.XmlElement | null = null;
    while (parent instanceof Y.AbstractType) {
      if (parent instanceof Y.XmlElement && uidOf(parent) !== null) {
        owner = parent;
        break;
      }
      const holder: Y.Item | null = parent._item;
      if (!holder) break;
      parent = holder.parent;
    }
    const uid = owner ? deletedHere.get(owner) : undefined;
    if (!owner || uid === undefined || !twins.has(uid)) continue;
    const key = `${item.id.client}:${uid}`;
    const previous = lastOfRun.get(key);
    let run = previous && item.left === previous.item ? previous.run : null;
    if (!run) {
      run = { client: item.id.client, uid, text: '' };
      runs.push(run);
    }
    run.text += (item.content as Y.ContentString).str;
    lastOfRun.set(key, { run, item });
  }
  return runs.filter((run) => {
    const twin = twins.get(run.uid);
    return run.text.trim() !== '' && twin !== undefined && !textContent(twin).includes(run.text);
  });
}
