/**
 * Loads live documents on demand (latest verified checkpoint + the log tail) and unloads them after
 * their last connection has been gone for a while, once everything queued for them is written.
 */
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { PROSEMIRROR_FRAGMENT } from '../../shared/protocol/collab.ts';
import type { Notice } from '../../shared/protocol/notices.ts';
import type { CartaStore } from '../storage/store.ts';
import type { UpdateChecker } from './check/update-checker.ts';
import { DocumentRoom } from './document-room.ts';
import type { WriteBatcher } from './write-batcher.ts';

export interface RegistryOptions {
  store: CartaStore;
  checker: UpdateChecker;
  batcher: WriteBatcher;
  checkpointEvery: number;
  idleUnloadMs: number;
  log: (message: string) => void;
}

/** Builds a document from its checkpoint and log; replays the whole log if the checkpoint fails. */
export async function loadDocumentState(store: CartaStore, docId: string, log: (m: string) => void): Promise<{ doc: Y.Doc; seq: number; checkpointSeq: number }> {
  const checkpoint = await store.latestCheckpoint(docId);
  const replay = async (from: { seq: number; state: Uint8Array } | null): Promise<{ doc: Y.Doc; seq: number }> => {
    const doc = new Y.Doc({ gc: true });
    doc.getXmlFragment(PROSEMIRROR_FRAGMENT);
    let seq = 0;
    // One transaction for the whole replay: observers and bookkeeping run once, not per update.
    const tail = await store.readUpdates(docId, from?.seq ?? 0);
    Y.transact(doc, () => {
      if (from) {
        Y.applyUpdate(doc, from.state);
        seq = from.seq;
      }
      for (const entry of tail) {
        Y.applyUpdate(doc, entry.update);
        seq = entry.seq;
      }
    });
    if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
      throw new Error(`document "${docId}" has unresolved dependencies after loading (seq ${seq})`);
    }
    return { doc, seq };
  };
  if (checkpoint) {
    try {
      const loaded = await replay(checkpoint);
      return { ...loaded, checkpointSeq: checkpoint.seq };
    } catch (error) {
      log(`checkpoint ${checkpoint.seq} of "${docId}" could not be used (${String(error)}); replaying the whole log`);
    }
  }
  const loaded = await replay(null);
  return { ...loaded, checkpointSeq: 0 };
}

export class RoomRegistry {
  private readonly rooms = new Map<string, Promise<DocumentRoom | null>>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private shuttingDown = false;

  constructor(private readonly options: RegistryOptions) {}

  /** The live room of a document, loading it if needed; null when the document does not exist. */
  acquire(docId: string): Promise<DocumentRoom | null> {
    if (this.shuttingDown) return Promise.resolve(null);
    const timer = this.unloadTimers.get(docId);
    if (timer) {
      clearTimeout(timer);
      this.unloadTimers.delete(docId);
    }
    let room = this.rooms.get(docId);
    if (!room) {
      room = this.load(docId);
      this.rooms.set(docId, room);
      room.then(
        (loaded) => {
          if (!loaded) this.rooms.delete(docId);
        },
        () => this.rooms.delete(docId),
      );
    }
    return room;
  }

  /**
   * Sends a notice to every connection of a document, if it is loaded (a document that is not
   * loaded has no connections). Resolves with how many connections it was sent to.
   */
  async broadcastNotice(docId: string, notice: Notice): Promise<number> {
    const room = await this.rooms.get(docId)?.catch(() => null);
    return room ? room.broadcastNotice(notice) : 0;
  }

  /** Rooms currently in memory. */
  get loadedCount(): number {
    return this.rooms.size;
  }

  private async load(docId: string): Promise<DocumentRoom | null> {
    const { store } = this.options;
    if (!(await store.getDocument(docId))) return null;
    const { doc, seq, checkpointSeq } = await loadDocumentState(store, docId, this.options.log);
    return new DocumentRoom(doc, {
      docId,
      seq,
      lastCheckpointSeq: checkpointSeq,
      checkpointEvery: this.options.checkpointEvery,
      checker: this.options.checker,
      batcher: this.options.batcher,
      writeCheckpoint: (id, at, state) => store.writeCheckpoint(id, { seq: at, state, createdAt: Date.now() }),
      log: this.options.log,
      onEmpty: (room) => this.scheduleUnload(room),
    });
  }

  /** Called for rooms used without connections (REST reads), so they do not stay in memory. */
  releaseIfIdle(room: DocumentRoom): void {
    if (room.peerCount === 0) this.scheduleUnload(room);
  }

  private scheduleUnload(room: DocumentRoom): void {
    if (this.shuttingDown || this.unloadTimers.has(room.docId)) return;
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room.docId);
      void this.unload(room);
    }, this.options.idleUnloadMs);
    timer.unref();
    this.unloadTimers.set(room.docId, timer);
  }

  private async unload(room: DocumentRoom): Promise<void> {
    // Everything accepted must be on disk before the document leaves memory.
    await room.drain();
    if (room.peerCount > 0 || this.unloadTimers.has(room.docId)) return;
    if ((await this.rooms.get(room.docId)) !== room) return;
    await this.checkpointIfBehind(room);
    if (room.peerCount > 0 || room.isBusy) return;
    this.rooms.delete(room.docId);
    this.options.checker.drop(room.docId);
    room.destroy();
  }

  /** Writes a checkpoint of the live state when the log has grown since the last one. */
  private async checkpointIfBehind(room: DocumentRoom): Promise<void> {
    const seq = room.currentSeq;
    if (seq <= room.checkpointSeq) return;
    try {
      const state = await this.options.checker.checkpoint(room.docId, () => Y.encodeStateAsUpdate(room.doc));
      await this.options.store.writeCheckpoint(room.docId, { seq, state, createdAt: Date.now() });
      room.markCheckpoint(seq);
    } catch (error) {
      this.options.log(`checkpoint of "${room.docId}" on unload failed: ${String(error)}`);
    }
  }

  /** Closes every connection, writes what is queued, and unloads everything (server shutdown). */
  async closeAll(): Promise<void> {
    this.shuttingDown = true;
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    this.unloadTimers.clear();
    const rooms = (await Promise.all(this.rooms.values())).filter((r): r is DocumentRoom => r !== null);
    for (const room of rooms) room.closeAll(CloseCode.goingAway, 'server shutting down');
    for (const room of rooms) {
      await room.drain();
      await this.checkpointIfBehind(room);
      room.destroy();
    }
    this.rooms.clear();
  }
}
