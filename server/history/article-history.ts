/**
 * The changes that touched one article, from the server's stamps: every item inside the article's
 * element (present or deleted — a deleted item keeps its id after garbage collection while its
 * parent lives) is traced to the update that inserted it and, if deleted, to the update that
 * deleted it. Changes by the same person within a few minutes of each other are one entry, as a
 * person reads "Beto edited this article at 10:42".
 */
import * as Y from 'yjs';
import type { ArticleChange } from '../../shared/history/history-types.ts';
import type { Attribution, Stamp } from './attribution.ts';

/** Edits by one person closer together than this are one entry. */
const SESSION_GAP_MS = 10 * 60 * 1000;

function itemsOf(type: Y.AbstractType<unknown>, visit: (item: Y.Item) => void): void {
  for (let item = type._start; item !== null; item = item.right) {
    visit(item);
    if (!item.deleted && item.content instanceof Y.ContentType) itemsOf(item.content.type as Y.AbstractType<unknown>, visit);
  }
  // Attributes (uid, links…) are items too, in the type's map.
  for (const item of type._map.values()) visit(item);
}

export function articleHistory(element: Y.XmlElement, attribution: Attribution): ArticleChange[] {
  const perUpdate = new Map<number, { stamp: Stamp; inserted: number; deleted: number }>();
  const count = (stamp: Stamp | null, field: 'inserted' | 'deleted', n: number): void => {
    if (!stamp) return;
    const entry = perUpdate.get(stamp.seq) ?? { stamp, inserted: 0, deleted: 0 };
    entry[field] += n;
    perUpdate.set(stamp.seq, entry);
  };
  const visit = (item: Y.Item): void => {
    const countable = item.content instanceof Y.ContentString || item.content instanceof Y.ContentDeleted ? item.length : 1;
    for (const run of attribution.insertedRuns(item.id.client, item.id.clock, item.length)) count(run.stamp, 'inserted', countable === 1 ? 1 : run.length);
    if (item.deleted) count(attribution.deletedBy(item.id.client, item.id.clock), 'deleted', countable);
  };
  if (element._item) visit(element._item);
  itemsOf(element as unknown as Y.AbstractType<unknown>, visit);

  const changes: ArticleChange[] = [];
  for (const { stamp, inserted, deleted } of [...perUpdate.values()].sort((a, b) => a.stamp.seq - b.stamp.seq)) {
    const last = changes.at(-1);
    if (last && last.userId === stamp.userId && stamp.at - last.to.at < SESSION_GAP_MS) {
      last.to = { seq: stamp.seq, at: stamp.at };
      last.inserted += inserted;
      last.deleted += deleted;
      last.updates++;
    } else {
      changes.push({ userId: stamp.userId, from: { seq: stamp.seq, at: stamp.at }, to: { seq: stamp.seq, at: stamp.at }, inserted, deleted, updates: 1 });
    }
  }
  return changes;
}
