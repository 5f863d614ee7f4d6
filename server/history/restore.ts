/**
 * Restoring an old version's text — the whole document or one article — as a new change by the
 * person who restores it. History is never rewritten: the restore is one more update, made against
 * a copy of the live state and sent through the same write path as a keystroke (checked, logged
 * with its author, applied, broadcast), plus a `version.restore` audit event naming what was
 * brought back. The update changes only what differs (restore-edits.ts), so untouched text keeps
 * its authors, and a restore that would change nothing is refused rather than logged.
 */
import * as Y from 'yjs';
import { articlesByUid } from '../../shared/provenance/article-text.ts';
import { PROSEMIRROR_FRAGMENT } from '../../shared/protocol/collab.ts';
import type { DocumentRoom, RoomPeer } from '../collab/document-room.ts';
import type { RoomRegistry } from '../collab/room-registry.ts';
import type { CartaStore } from '../storage/store.ts';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { documentAt } from './document-at.ts';
import { restoreChildren, restoreElement } from './restore-edits.ts';

/**
 * Why a restore did not happen: the document or the version is unknown, the article is not in that
 * version or no longer in the current text, the write path refused the update, or the text is already as it was.
 */
export class RestoreError extends Error {
  constructor(
    readonly code: 'not-found' | 'unknown-seq' | 'not-in-version' | 'not-in-current-text' | 'refused' | 'nothing-to-restore',
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

/** The Yjs update that turns `live` into the state with the old text put back; null when nothing differs. */
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
      restoreChildren(fragment, old);
      return;
    }
    const current = articlesByUid(fragment).get(articleUid);
    const then = articlesByUid(old).get(articleUid);
    if (current && then) restoreElement(current, then);
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
  // documentAt reads as far as the log goes; a position past it is no version to bring back.
  if (old.seq !== request.seq) {
    old.ydoc.destroy();
    throw new RestoreError('unknown-seq', `The log of "${request.docId}" ends at ${old.seq}; there is no version ${request.seq}`);
  }
  const room: DocumentRoom | null = await registry.acquire(request.docId);
  if (!room) {
    old.ydoc.destroy();
    throw new RestoreError('not-found', `Document "${request.docId}" not found`);
  }
  try {
    const oldFragment = old.fragment;
    if (request.articleUid !== null) {
      if (!articlesByUid(oldFragment).has(request.articleUid)) throw new RestoreError('not-in-version', `Article "${request.articleUid}" is not in version ${request.seq}`);
      if (!articlesByUid(room.fragment).has(request.articleUid)) {
        throw new RestoreError('not-in-current-text', `Article "${request.articleUid}" is not in the current text; restore the whole document to bring back a removed article`);
      }
    }
    const update = restoreUpdate(room.doc, oldFragment, request.articleUid);
    if (!update) {
      const what = request.articleUid === null ? 'The text is' : `Article "${request.articleUid}" is`;
      throw new RestoreError('nothing-to-restore', `${what} already as it was in version ${request.seq}`);
    }
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
