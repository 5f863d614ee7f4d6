/**
 * One websocket speaking the y-websocket protocol for one user and one document. This is the edge
 * of the write path: it caps sizes and rates, decodes, enforces read-only roles, and hands updates
 * to the room. Anything malformed closes this socket alone, with a documented code; the process and
 * the document are never affected.
 */
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CloseCode, type CloseCodeValue } from '../../shared/protocol/close-codes.ts';
import type { Identity } from '../auth/identity.ts';
import type { CollabLimits } from '../config.ts';
import { AwarenessRefused, sanitizeAwarenessUpdate } from './awareness-guard.ts';
import type { DocumentRoom, RoomPeer } from './document-room.ts';
import { TokenBucket } from './token-bucket.ts';
import { awarenessMessage, MessageType, SyncType, syncStep1Message, syncStep2Message } from './y-websocket-messages.ts';

export interface ConnectionOptions {
  identity: Identity;
  /** The policy allows this user to edit the document. */
  mayEdit: boolean;
  /** The client declared a schema version other than the server's. */
  clientOutdated: boolean;
  limits: CollabLimits;
  log: (message: string) => void;
}

/** An update that carries nothing (no structs, empty delete set): sent by idle clients on sync. */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}

const PING_INTERVAL_MS = 30_000;

export class CollabConnection implements RoomPeer {
  readonly awarenessClients = new Set<number>();
  private closed = false;
  private readonly messages: TokenBucket;
  private readonly awarenessRate: TokenBucket;
  private alive = true;
  private readonly pinger: NodeJS.Timeout;

  constructor(
    private readonly ws: WebSocket,
    private readonly room: DocumentRoom,
    private readonly options: ConnectionOptions,
  ) {
    const { limits } = options;
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messageBurst);
    this.awarenessRate = new TokenBucket(limits.awarenessPerSecond, limits.awarenessBurst);
    this.pinger = setInterval(() => {
      if (!this.alive) {
        this.ws.terminate();
        return;
      }
      this.alive = false;
      this.ws.ping();
    }, PING_INTERVAL_MS);
    this.pinger.unref();
    ws.on('pong', () => {
      this.alive = true;
    });
  }

  get userId(): string {
    return this.options.identity.userId;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Joins the room and starts the handshake: our state vector, then the current awareness. */
  start(): void {
    this.room.addPeer(this);
    this.send(syncStep1Message(Y.encodeStateVector(this.room.doc)));
    const states = this.room.awareness.getStates();
    if (states.size > 0) {
      this.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.room.awareness, [...states.keys()])));
    }
  }

  send(message: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(message, (error) => {
      if (error) this.close(CloseCode.goingAway, 'send failed');
    });
  }

  close(code: CloseCodeValue, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pinger);
    try {
      this.ws.close(code, reason.slice(0, 120));
    } catch {
      this.ws.terminate();
    }
    this.room.removePeer(this);
  }

  /** The socket went away (client closed, network): leave the room without sending anything. */
  handleSocketClosed(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pinger);
    this.room.removePeer(this);
  }

  /** Handles one incoming websocket message. Never throws. */
  handleMessage(data: Buffer, isBinary: boolean): void {
    if (this.closed) return;
    const { limits } = this.options;
    if (!isBinary) return this.close(CloseCode.badMessage, 'binary messages only');
    if (data.byteLength > limits.maxMessageBytes) return this.close(CloseCode.tooLarge, `message over ${limits.maxMessageBytes} bytes`);
    if (!this.messages.take()) return this.close(CloseCode.rateLimited, 'too many messages');
    try {
      this.dispatch(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    } catch (error) {
      if (error instanceof AwarenessRefused) {
        this.close(CloseCode.badMessage, error.message);
        return;
      }
      // lib0 decoding errors, bad JSON, unknown types: the message is malformed.
      this.close(CloseCode.badMessage, 'malformed message');
    }
  }

  private dispatch(bytes: Uint8Array): void {
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.sync: {
        const sub = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
        if (sub === SyncType.step1) {
          // Encoding against a malformed state vector throws: the catch above closes with 4400.
          this.send(syncStep2Message(Y.encodeStateAsUpdate(this.room.doc, payload)));
          return;
        }
        if (sub !== SyncType.step2 && sub !== SyncType.update) throw new Error('unknown sync message');
        this.receiveUpdate(payload);
        return;
      }
      case MessageType.awareness: {
        const update = decoding.readVarUint8Array(decoder);
        if (update.byteLength > this.options.limits.maxAwarenessBytes) {
          this.close(CloseCode.tooLarge, 'awareness update too large');
          return;
        }
        const clean = sanitizeAwarenessUpdate(update, this.options.identity, this.awarenessClients, {
          ownedElsewhere: (id) => this.room.awarenessOwnedByOther(this, id),
          knownClock: (id) => this.room.awareness.meta.get(id)?.clock,
        });
        // Only the sender's own presence counts against its awareness rate; echoes are free.
        if (!clean) return;
        if (!this.awarenessRate.take()) {
          this.close(CloseCode.rateLimited, 'too many awareness updates');
          return;
        }
        awarenessProtocol.applyAwarenessUpdate(this.room.awareness, clean, this);
        return;
      }
      case MessageType.queryAwareness: {
        const states = this.room.awareness.getStates();
        this.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.room.awareness, [...states.keys()])));
        return;
      }
      default:
        throw new Error(`unknown message type ${type}`);
    }
  }

  private receiveUpdate(update: Uint8Array): void {
    if (isEmptyUpdate(update)) return;
    // Copy: the message buffer may be reused by the socket layer once we return. An outdated editor
    // is read-only: its sync may repeat what the server has, but it may not change anything.
    this.room.submit(this, update.slice(), this.canWrite ? 'write' : 'readonly');
  }

  private get canWrite(): boolean {
    return this.options.mayEdit && !this.options.clientOutdated;
  }

  /** Why this peer's changes are refused when it tries: its role, or its outdated editor. */
  get writeRefusal(): { code: CloseCodeValue; reason: string } {
    return this.options.mayEdit
      ? { code: CloseCode.clientOutdated, reason: 'editor is older than the document schema; reload' }
      : { code: CloseCode.forbidden, reason: 'read-only: changes are not allowed' };
  }
}
