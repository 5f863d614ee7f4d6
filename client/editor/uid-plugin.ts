/**
 * uid discipline. Every structural node carries a stable uid that provenance links, comments and
 * blame attach to, so the editor keeps these rules after every local change:
 *
 * - a node without a valid uid gets a fresh one (plain paragraphs pasted from elsewhere, nodes
 *   created by ProseMirror's own commands);
 * - when a uid appears more than once, one node keeps it and the others get fresh ones. The keeper
 *   is the node the old holder maps to (so a pasted copy never steals the original's identity),
 *   except when the old holder's text moved whole into another node, which then keeps it: pressing
 *   Enter at the start of a paragraph leaves the paragraph's identity with its text, not with the
 *   empty line that appeared before it;
 * - a moved node (cut and paste, drag and drop, "move article") keeps its uid: after the move it is
 *   unique again, so nothing changes.
 *
 * Remote transactions (y-prosemirror's, including Yjs undo/redo, which restores the very uid that
 * was deleted) are never touched: two clients repairing the same remote change would fight, and
 * the author's client already repaired it.
 *
 * The plugin keeps a count of every uid in the document, updated only over the region each
 * transaction changed, so that plain typing costs no walk over the whole document.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Mapping } from 'prosemirror-transform';
import { NODES_WITH_UID } from '../../shared/schema/legal-schema.ts';
import { isUid, newUid } from '../../shared/schema/uid.ts';
import { changedRegion, type ChangedRegion } from './changed-region.ts';
import { isRemoteTransaction } from './transaction-origin.ts';

/** Counts of uids in one document. Mutable for speed; `doc` says which document it describes. */
export class UidCounts {
  private constructor(
    public doc: PMNode,
    readonly counts: Map<string, number>,
  ) {}

  /** Counts every uid of a document (a walk over the structure, not the text). */
  static of(doc: PMNode): UidCounts {
    const counts = new Map<string, number>();
    forEachUidNode(doc, 0, doc.content.size, (node) => {
      const uid = node.attrs.uid;
      if (isUid(uid)) counts.set(uid, (counts.get(uid) ?? 0) + 1);
    });
    return new UidCounts(doc, counts);
  }

  get(uid: string): number {
    return this.counts.get(uid) ?? 0;
  }

  /** Moves the counts from `this.doc` to `next`, looking only at what changed between them. */
  advance(next: PMNode): void {
    const region = changedRegion(this.doc, next);
    if (region !== null) {
      forEachUidNode(this.doc, region.from, region.toOld, (node) => this.add(node.attrs.uid, -1));
      forEachUidNode(next, region.from, region.toNew, (node) => this.add(node.attrs.uid, 1));
    }
    this.doc = next;
  }

  private add(uid: unknown, delta: number): void {
    if (!isUid(uid)) return;
    const count = (this.counts.get(uid) ?? 0) + delta;
    if (count > 0) this.counts.set(uid, count);
    else this.counts.delete(uid);
  }
}

/**
 * Calls `f` for every uid-carrying node that overlaps `[from, to)`, ancestors included; text is not
 * visited. Nodes entirely outside the range are skipped in the same way in any two documents that
 * are identical outside it, which is what makes region-based counting exact.
 */
export function forEachUidNode(doc: PMNode, from: number, to: number, f: (node: PMNode, pos: number) => void): void {
  doc.nodesBetween(from, to, (node, pos) => {
    if (NODES_WITH_UID.has(node.type.name)) f(node, pos);
    return !node.isTextblock;
  });
}

interface Holder {
  pos: number;
  node: PMNode;
}

function holdersIn(doc: PMNode, from: number, to: number): Map<string, Holder[]> {
  const byUid = new Map<string, Holder[]>();
  forEachUidNode(doc, from, to, (node, pos) => {
    const uid = node.attrs.uid;
    if (!isUid(uid)) return;
    const list = byUid.get(uid);
    if (list) list.push({ pos, node });
    else byUid.set(uid, [{ pos, node }]);
  });
  return byUid;
}

/** Which of the nodes now holding a uid keeps it (see the header comment for the rule). */
function chooseKeeper(holders: readonly Holder[], previous: Holder | undefined, mapping: Mapping): Holder | undefined {
  if (!previous) return holders[0];
  const mapped = mapping.mapResult(previous.pos, 1);
  const mappedPos = mapped.deletedAfter ? -1 : mapped.pos;
  const previousText = previous.node.textContent;
  let best: Holder | undefined;
  let bestScore = -1;
  for (const holder of holders) {
    const sameText = holder.node.type === previous.node.type && holder.node.textContent === previousText;
    const score = (sameText ? 2 : 0) + (holder.pos === mappedPos ? 1 : 0);
    if (score > bestScore) {
      best = holder;
      bestScore = score;
    }
  }
  return best;
}

/** A uid to write at a position. */
export interface UidRepair {
  pos: number;
  uid: string;
}

/**
 * The uid repairs a local change needs. `counts` describes `next`; `mapping` maps `prev` to `next`.
 * Pure apart from drawing fresh uids, so it can be tested without a view.
 */
export function planUidRepairs(prev: PMNode, next: PMNode, mapping: Mapping, counts: UidCounts, region: ChangedRegion): UidRepair[] {
  const repairs = new Map<number, string>();
  const touched = new Map<string, Holder[]>();
  forEachUidNode(next, region.from, region.toNew, (node, pos) => {
    const uid = node.attrs.uid;
    if (!isUid(uid)) {
      repairs.set(pos, newUid());
      return;
    }
    const list = touched.get(uid);
    if (list) list.push({ pos, node });
    else touched.set(uid, [{ pos, node }]);
  });

  let previousInRegion: Map<string, Holder[]> | null = null;
  for (const [uid, inRegion] of touched) {
    const total = counts.get(uid);
    if (total <= 1) continue;
    let holders: readonly Holder[] = inRegion;
    let previous: Holder | undefined;
    if (total > inRegion.length) {
      // Some holder lies outside the changed region (a pasted copy of an untouched node): the rare
      // case, where walking both documents is affordable.
      holders = holdersIn(next, 0, next.content.size).get(uid) ?? inRegion;
      previous = holdersIn(prev, 0, prev.content.size).get(uid)?.[0];
    } else {
      // All holders are new or changed, so the old holder (if any) was in the old region too.
      previousInRegion ??= holdersIn(prev, region.from, region.toOld);
      previous = previousInRegion.get(uid)?.[0];
    }
    const keeper = chooseKeeper(holders, previous, mapping);
    for (const holder of holders) if (holder !== keeper) repairs.set(holder.pos, newUid());
  }
  return [...repairs].map(([pos, uid]) => ({ pos, uid }));
}

export const uidPluginKey = new PluginKey<UidCounts>('carta-uid');

/** Meta flag on the transactions this plugin appends. */
export const UID_REPAIR_META = 'carta-uid-repair';

/** Keeps every structural node's uid present and unique (see the header comment). */
export function uidPlugin(): Plugin<UidCounts> {
  return new Plugin<UidCounts>({
    key: uidPluginKey,
    state: {
      init: (_config, state) => UidCounts.of(state.doc),
      apply: (tr, counts, oldState, newState) => {
        if (!tr.docChanged) return counts;
        // The counts are updated in place; if this transaction was built on a state the counts
        // have already moved past (a replayed or discarded state), recount from scratch.
        if (counts.doc !== oldState.doc) return UidCounts.of(newState.doc);
        counts.advance(newState.doc);
        return counts;
      },
    },
    appendTransaction: (transactions, oldState, newState) => repairUids(transactions, oldState, newState),
  });
}

function repairUids(transactions: readonly Transaction[], oldState: EditorState, newState: EditorState): Transaction | null {
  if (!transactions.some((tr) => tr.docChanged)) return null;
  if (transactions.some(isRemoteTransaction)) return null;
  const counts = uidPluginKey.getState(newState);
  const region = changedRegion(oldState.doc, newState.doc);
  if (!counts || region === null) return null;
  const mapping = new Mapping();
  for (const tr of transactions) mapping.appendMapping(tr.mapping);
  const repairs = planUidRepairs(oldState.doc, newState.doc, mapping, counts, region);
  if (repairs.length === 0) return null;
  const tr = newState.tr;
  for (const { pos, uid } of repairs) tr.setNodeAttribute(pos, 'uid', uid);
  return tr.setMeta(UID_REPAIR_META, true);
}
