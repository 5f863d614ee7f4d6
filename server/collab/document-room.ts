/**
 * One live document and the people connected to it. Every incoming update goes through the write
 * path, in order:
 *
 *   queue → check in the shadow (checking thread) → append to the log (group commit)
 *         → apply to the live document → broadcast to peers
 *
 * Updates are processed in batches (everything queued while the previous batch was in flight), one
 * batch at a time per document, so the shadow and the live document see the same updates in the
 * same order. A refused update closes only its own socket, with a documented code.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode, type CloseCodeValue } from '../../shared/protocol/close-codes.ts';
import { PROSEMIRROR_FRAGMENT } from '../../shared/protocol/collab.ts';
import type { Notice } from '../../shared/protocol/notices.ts';
import type { UpdateChecker } from './check/update-checker.ts';
import type { CheckMode, Displaced, Orphan, RefusalReason } from './check/verdict.ts';
import type { WriteBatcher } from './write-batcher.ts';
import { awarenessMessage, noticeMessage, updateMessage } from './y-websocket-messages.ts';

/** What the room needs from a connection (implemented by CollabConnection). */
export interface RoomPeer {
  readonly userId: string;
  readonly isClosed: boolean;
  send(message: Uint8Array): void;
  close(code: CloseCodeValue, reason: string): void;
  /** Yjs client ids this peer speaks for in awareness. */
  readonly awarenessClients: ReadonlySet<number>;
  /** How to close this peer when it sends a change it may not make. */
  readonly writeRefusal: { code: CloseCodeValue; reason: string };
}

interface Queued {
  peer: RoomPeer;
  update: Uint8Array;
  mode: CheckMode;
  receivedAt: number;
  /** Re-check alone (after a batch overran its budget, to find the culprit). */
  isolate: boolean;
  /** Text this update typed into content that was already removed; handed back after the commit. */
  orphans?: Orphan[];
  /** Other people's text this update removed with a block that lives on; handed back to them. */
  displaced?: Displaced[];
  /** Yjs client ids whose new content this update carries. */
  authors?: number[];
}

export interface RoomOptions {
  docId: string;
  /** The log position the loaded state includes. */
  seq: number;
  lastCheckpointSeq: number;
  checkpointEvery: number;
  checker: UpdateChecker;
  batcher: WriteBatcher;
  writeCheckpoint: (docId: string, seq: number, state: Uint8Array) => Promise<void>;
  log: (message: string) => void;
  /** Called when the last peer leaves (the registry schedules unloading). */
  onEmpty: (room: DocumentRoom) => void;
}

const REFUSAL_CLOSE: Record<RefusalReason, { code: CloseCodeValue; reason: string }> = {
  malformed: { code: CloseCode.badMessage, reason: 'malformed update' },
  'missing-dependencies': { code: CloseCode.resyncNeeded, reason: 'update depends on missing state; resync' },
  'invalid-content': { code: CloseCode.invalidContent, reason: 'update makes the document invalid' },
  forbidden: { code: CloseCode.forbidden, reason: 'read-only: changes are not allowed' },
  'budget-exceeded': { code: CloseCode.tooLarge, reason: 'update too costly to check' },
  internal: { code: CloseCode.serverError, reason: 'internal error while checking' },
};

export class DocumentRoom {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  private readonly peers = new Set<RoomPeer>();
  /** Which connection last sent content of each Yjs client id (to hand text back to its author). */
  private readonly peerOfClient = new Map<number, RoomPeer>();
  private queue: Queued[] = [];
  private processing: Promise<void> | null = null;
  private seq: number;
  private lastCheckpointSeq: number;
  private checkpointing = false;
  /** Bumped on every applied batch; lets readers cache conversions of the live document. */
  version = 0;

  constructor(
    doc: Y.Doc,
    private readonly options: RoomOptions,
  ) {
    this.doc = doc;
    this.seq = options.seq;
    this.lastCheckpointSeq = options.lastCheckpointSeq;
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
      const changed = [...added, ...updated, ...removed];
      const message = awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
      for (const peer of this.peers) peer.send(message);
    });
  }

  get docId(): string {
    return this.options.docId;
  }

  get peerCount(): number {
    return this.peers.size;
  }

  /** True while updates are queued or being written. */
  get isBusy(): boolean {
    return this.processing !== null || this.queue.length > 0 || this.checkpointing;
  }

  get fragment(): Y.XmlFragment {
    return this.doc.getXmlFragment(PROSEMIRROR_FRAGMENT);
  }

  addPeer(peer: RoomPeer): void {
    this.peers.add(peer);
  }

  removePeer(peer: RoomPeer): void {
    if (!this.peers.delete(peer)) return;
    for (const [client, owner] of this.peerOfClient) if (owner === peer) this.peerOfClient.delete(client);
    if (peer.awarenessClients.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...peer.awarenessClients], peer);
    }
    if (this.peers.size === 0) this.options.onEmpty(this);
  }

  /** True when another peer already speaks for this awareness client id. */
  awarenessOwnedByOther(peer: RoomPeer, clientId: number): boolean {
    for (const other of this.peers) if (other !== peer && other.awarenessClients.has(clientId)) return true;
    return false;
  }

  /** Queues an update from a peer; it is checked, logged, applied and broadcast in order. */
  submit(peer: RoomPeer, update: Uint8Array, mode: CheckMode): void {
    this.queue.push({ peer, update, mode, receivedAt: Date.now(), isolate: false });
    this.kick();
  }

  /** Resolves once everything queued so far has been written and applied. */
  async drain(): Promise<void> {
    while (this.processing || this.queue.length > 0) {
      this.kick();
      await this.processing;
    }
  }

  private kick(): void {
    if (this.processing) return;
    // Start on the next turn so updates arriving in the same tick share a batch.
    this.processing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.processQueue())
      .catch((error: unknown) => this.options.log(`write path failure on "${this.docId}": ${String(error)}`))
      .finally(() => {
        this.processing = null;
        if (this.queue.length > 0) this.kick();
      });
  }

  private async processQueue(): Promise<void> {
    while (this.queue.length > 0) {
      const first = this.queue[0];
      const batch = first?.isolate ? this.queue.splice(0, 1) : this.queue.splice(0, this.queue.length);
      try {
        await this.processBatch(batch);
      } catch (error) {
        // Unexpected (a bug, or the checker closing during shutdown). Nothing of this batch was
        // applied; its senders are disconnected so their clients resend it when they reconnect,
        // instead of believing it was delivered.
        this.options.log(`write path failure on "${this.docId}": ${String(error)}`);
        this.options.checker.invalidate(this.docId);
        for (const q of batch) q.peer.close(CloseCode.serverError, 'the change could not be processed');
      }
    }
  }

  private async processBatch(batch: Queued[]): Promise<void> {
    const { checker } = this.options;
    const result = await checker.check(
      this.docId,
      batch.map((q) => ({ bytes: q.update, mode: q.mode })),
      () => Y.encodeStateAsUpdate(this.doc),
    );
    const accepted: Queued[] = [];
    const refusedPeers = new Set<RoomPeer>();
    const overBudget = result.verdicts.some((v) => !v.ok && v.reason === 'budget-exceeded');
    if (overBudget && batch.length > 1) {
      // Someone's update overran the budget; re-check each alone so only the culprit is refused.
      this.queue.unshift(...batch.map((q) => ({ ...q, isolate: true })));
      return;
    }
    result.verdicts.forEach((verdict, index) => {
      const queued = batch[index];
      if (!queued) return;
      if (verdict.ok) {
        if (verdict.effect === 'change') {
          accepted.push({ ...queued, orphans: verdict.orphans, displaced: verdict.displaced, authors: verdict.authors });
        }
        return;
      }
      refusedPeers.add(queued.peer);
      const close = verdict.reason === 'forbidden' ? queued.peer.writeRefusal : REFUSAL_CLOSE[verdict.reason];
      this.options.log(`refused update from ${queued.peer.userId} on "${this.docId}": ${close.code} ${close.reason} (${verdict.detail})`);
      queued.peer.close(close.code, close.reason);
    });
    // The checker stopped early (its shadow is being reloaded): requeue what it did not judge,
    // except from peers just refused (their later updates likely build on the refused one, and the
    // client resends its whole state when it reconnects).
    const unjudged = batch.slice(result.verdicts.length).filter((q) => !refusedPeers.has(q.peer));
    if (unjudged.length > 0) this.queue.unshift(...unjudged);

    if (accepted.length === 0) return;
    let seqs: number[];
    try {
      seqs = await this.options.batcher.append(
        accepted.map((q) => ({ docId: this.docId, update: q.update, userId: q.peer.userId, receivedAt: q.receivedAt })),
      );
    } catch (error) {
      // Nothing was written, so nothing is applied or broadcast; the shadow went ahead and is reset.
      checker.invalidate(this.docId);
      this.options.log(`could not write ${accepted.length} update(s) for "${this.docId}": ${String(error)}`);
      for (const q of accepted) q.peer.close(CloseCode.serverError, 'the change could not be stored');
      return;
    }
    this.seq = seqs[seqs.length - 1] ?? this.seq;
    this.applyAndBroadcast(accepted);
    this.returnOrphanedText(accepted);
    this.maybeCheckpoint();
  }

  /**
   * Hands text that could not stay in the document back to its author, so it is not lost silently:
   * text typed into removed content goes back to the sender; other people's text removed with a
   * block that lives on (a move racing their typing) goes back to them, if they are connected.
   */
  private returnOrphanedText(accepted: Queued[]): void {
    for (const q of accepted) for (const client of q.authors ?? []) this.peerOfClient.set(client, q.peer);
    const handBack = (peer: RoomPeer, items: Array<{ uid: string | null; text: string }>, why: string): void => {
      const chars = items.reduce((n, o) => n + o.text.length, 0);
      this.options.log(`returned ${chars} character(s) ${why} on "${this.docId}" to ${peer.userId}`);
      peer.send(noticeMessage({ kind: 'orphaned-text', items }));
    };
    for (const q of accepted) {
      if (q.orphans) handBack(q.peer, q.orphans, 'typed into removed content');
      const byPeer = new Map<RoomPeer, Array<{ uid: string; text: string }>>();
      for (const d of q.displaced ?? []) {
        const author = this.peerOfClient.get(d.client);
        if (!author || author.isClosed || author === q.peer) {
          this.options.log(`text of Yjs client ${d.client} removed with moved block ${d.uid} on "${this.docId}"; its author is not connected (the log keeps it)`);
          continue;
        }
        byPeer.set(author, [...(byPeer.get(author) ?? []), { uid: d.uid, text: d.text }]);
      }
      for (const [peer, items] of byPeer) handBack(peer, items, `removed by ${q.peer.userId} with a moved block`);
    }
  }

  private applyAndBroadcast(accepted: Queued[]): void {
    Y.transact(this.doc, () => {
      for (const q of accepted) Y.applyUpdate(this.doc, q.update, this);
    });
    this.version++;
    const merged = accepted.length === 1 ? accepted[0]!.update : Y.mergeUpdates(accepted.map((q) => q.update));
    const message = updateMessage(merged);
    const authors = new Set(accepted.map((q) => q.peer));
    for (const peer of this.peers) {
      // A peer that sent everything in this batch already has it.
      if (authors.size === 1 && authors.has(peer)) continue;
      peer.send(message);
    }
  }

  private maybeCheckpoint(): void {
    if (this.checkpointing || this.seq - this.lastCheckpointSeq < this.options.checkpointEvery) return;
    this.checkpointing = true;
    const seq = this.seq;
    // Requested before the next batch is sent, so the shadow holds exactly the state at `seq`.
    this.options.checker
      .checkpoint(this.docId, () => Y.encodeStateAsUpdate(this.doc))
      .then(async (state) => {
        await this.options.writeCheckpoint(this.docId, seq, state);
        this.lastCheckpointSeq = seq;
      })
      .catch((error: unknown) => this.options.log(`checkpoint of "${this.docId}" at ${seq} failed: ${String(error)}`))
      .finally(() => {
        this.checkpointing = false;
      });
  }

  /** The log position of the live state. */
  get currentSeq(): number {
    return this.seq;
  }

  /** Seq of the last checkpoint written. */
  get checkpointSeq(): number {
    return this.lastCheckpointSeq;
  }

  markCheckpoint(seq: number): void {
    this.lastCheckpointSeq = Math.max(this.lastCheckpointSeq, seq);
  }

  /** Sends a notice to every connection of this document (links changed: shared/protocol/notices.ts). */
  broadcastNotice(notice: Notice): number {
    const message = noticeMessage(notice);
    let sent = 0;
    for (const peer of this.peers) {
      if (peer.isClosed) continue;
      peer.send(message);
      sent++;
    }
    return sent;
  }

  /** Closes every peer (shutdown) with the given code. */
  closeAll(code: CloseCodeValue, reason: string): void {
    for (const peer of [...this.peers]) peer.close(code, reason);
  }

  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
  }
}
