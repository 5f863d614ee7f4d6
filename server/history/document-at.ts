/**
 * A document as it stood at a position of its log: the newest checkpoint at or before it, plus the
 * log entries up to it, replayed into a fresh Y.Doc. Read-only history never touches the live room,
 * so the live document keeps garbage collection on and old versions cost nothing until read.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { yXmlFragmentToProsemirrorJSON } from 'y-prosemirror';
import * as Y from 'yjs';
import { PROSEMIRROR_FRAGMENT } from '../../shared/protocol/collab.ts';
import { legalSchema } from '../../shared/schema/legal-schema.ts';
import type { CartaStore } from '../storage/store.ts';

export interface DocumentAt {
  ydoc: Y.Doc;
  fragment: Y.XmlFragment;
  doc: PMNode;
  seq: number;
}

async function replay(store: CartaStore, docId: string, seq: number, fromCheckpoint: boolean): Promise<Y.Doc> {
  const checkpoint = fromCheckpoint ? await store.checkpointAtOrBefore(docId, seq) : null;
  const updates = await store.readUpdateRange(docId, checkpoint?.seq ?? 0, seq);
  // A diff reads removed text from the older version, where it is still live, so gc may stay on.
  const ydoc = new Y.Doc({ gc: true });
  ydoc.getXmlFragment(PROSEMIRROR_FRAGMENT);
  Y.transact(ydoc, () => {
    if (checkpoint) Y.applyUpdate(ydoc, checkpoint.state);
    for (const entry of updates) Y.applyUpdate(ydoc, entry.update);
  });
  if (ydoc.store.pendingStructs !== null || ydoc.store.pendingDs !== null) {
    ydoc.destroy();
    throw new Error(`the log of "${docId}" does not replay cleanly up to ${seq}`);
  }
  return ydoc;
}

/** The ProseMirror form of a Y.Doc's legal document. */
export function proseMirrorOf(fragment: Y.XmlFragment): PMNode {
  return legalSchema.nodeFromJSON({ type: 'doc', content: yXmlFragmentToProsemirrorJSON(fragment).content ?? [] });
}

/** The document at log position `seq` (clamped to what the log holds). */
export async function documentAt(store: CartaStore, docId: string, seq: number): Promise<DocumentAt> {
  let ydoc: Y.Doc;
  try {
    ydoc = await replay(store, docId, seq, true);
  } catch {
    // A checkpoint that does not fit (written by an older server, damaged) is skipped: the log alone is the record.
    ydoc = await replay(store, docId, seq, false);
  }
  const fragment = ydoc.getXmlFragment(PROSEMIRROR_FRAGMENT);
  return { ydoc, fragment, doc: proseMirrorOf(fragment), seq: Math.min(seq, await store.lastSeq(docId)) };
}
