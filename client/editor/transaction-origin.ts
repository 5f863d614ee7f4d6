/**
 * Where a transaction came from. y-prosemirror marks the transactions that carry changes from the
 * Y.Doc (other people's edits, the initial load, Yjs undo/redo) with its plugin key; everything
 * else was made here, by this person.
 */
import type { Transaction } from 'prosemirror-state';
import { ySyncPluginKey } from 'y-prosemirror';

interface SyncMeta {
  isChangeOrigin?: boolean;
}

/** True for transactions that replay changes from the shared Y.Doc rather than local edits. */
export function isRemoteTransaction(tr: Transaction): boolean {
  const meta = tr.getMeta(ySyncPluginKey) as SyncMeta | undefined;
  return meta?.isChangeOrigin === true;
}
