/**
 * Restoring an old version's text — the whole document or one article — as a new change by the
 * person who restores it. History is never rewritten: the restore is one more update, made against
 * a copy of the live state and sent through the same write path as a keystroke (checked, logged
 * with its author, applied, broadcast), plus a `version.restore` audit event naming what was
 * brought back.
 */
import * as Y from 'yjs';
import { articlesByUid } from '../../shared/provenance/article-text.ts';
import { PROSEMIRROR_FRAGMENT } from '../../shared/protocol/collab.ts';
import type { DocumentRoom, RoomPeer } from '../collab/document-room.ts';
import type { RoomRegistry } from '../collab/room-registry.ts';
import type { CartaStore } from '../storage/store.ts';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { documentAt } from './document-at.ts';

export class RestoreError extends Error {
  constructor(
    readonly code: 'not-found' | 'refused' | 'nothing-to-restore',
    message: string,
  ) {
    super(message);
    this.name = 'RestoreError';
  }
}

/** The restorer, seen by the room as a peer that sends one update and listens to nothing. */
class RestoringPeer implements RoomPeer {
  isClosed = false;
  refusal: string | null = null;
  readonly awarenessClients = new Set<number>();
  readonly writeRefusal = { code: CloseCode.forbidden, reason: 'read-only: changes are not allowed' };

  constructor(readonly userId: string) {}

  send(): void {}

  close(_code: number, reason: string): void {
    this.isClosed = true;
    this.refusal = reason;
  }
}

/** The Yjs update that turns `live` into the state with the old text put back. */
function restoreUpdate(live: Y.Doc, old: Y.XmlFragment, articleUid: string | null): Uint8Array | null {
  const copy = new Y.Doc({ gc: true });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(live));
  const fragment = copy.getXmlFragment(PROSEMIRROR_FRAGMENT);
  let update: Uint8Array | null = null;
  copy.on('update', (bytes: Uint8Array) => {
    update = bytes;
  });
  copy.transact(() => {
    if (articleUid === null) {
      fragment.delete(0, fragment.length);
      fragment.insert(0, old.toArray().map((child) => child.clone() as Y.XmlElement | Y.XmlText));
      return;
    }
    const current = articlesByUid(fragment).get(articleUid);
    const then = articlesByUid(old).get(articleUid);
    if (!current || !then) return;
    const parent = current.parent as Y.XmlElement | Y.XmlFragment;
    const index = parent.toArray().indexOf(current);
    parent.delete(index, 1);
    parent.insert(index, [then.clone()]);
  });
  copy.destroy();
  return update;
}

export async function restoreVersion(
  store: CartaStore,
  registry: RoomRegistry,
  request: { docId: string; seq: number; articleUid: string | null; userId: string },
): Promise<{ seq: number }> {
  const old = await documentAt(store, request.docId, request.seq);
  const room: DocumentRoom | null = await registry.acquire(request.docId);
  if (!room) {
    old.ydoc.destroy();
    throw new RestoreError('not-found', `Document "${request.docId}" not found`);
  }
  try {
    // Copies of the old elements (clone) become new shared types with the same names, uids and text.
    const oldFragment = old.fragment;
    if (request.articleUid !== null) {
      if (!articlesByUid(oldFragment).has(request.articleUid)) throw new RestoreError('not-found', `Article "${request.articleUid}" is not in that version`);
      if (!articlesByUid(room.fragment).has(request.articleUid)) {
        throw new RestoreError('not-found', `Article "${request.articleUid}" is not in the current text; restore the whole document to bring back a removed article`);
      }
    }
    const update = restoreUpdate(room.doc, oldFragment, request.articleUid);
    if (!update) throw new RestoreError('nothing-to-restore', 'The text is already as it was in that version');
    const peer = new RestoringPeer(request.userId);
    room.addPeer(peer);
    try {
      room.submit(peer, update, 'write');
      await room.drain();
    } finally {
      room.removePeer(peer);
    }
    if (peer.refusal) throw new RestoreError('refused', `The restore was refused by the write path: ${peer.refusal}`);
    await store.appendAudit({
      at: Date.now(),
      actorId: request.userId,
      action: 'version.restore',
      subject: request.docId,
      detail: { fromSeq: request.seq, articleUid: request.articleUid, restoredAt: room.currentSeq },
    });
    return { seq: room.currentSeq };
  } finally {
    old.ydoc.destroy();
    registry.releaseIfIdle(room);
  }
}
