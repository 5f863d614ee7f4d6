/**
 * The websocket endpoint `/collab/:docId` on the shared HTTP server. It authenticates the upgrade
 * (`?token=` for scripts and sign-in links, else the session cookie), asks the policy whether the
 * user may read and edit, loads the room, and wires a CollabConnection to the socket. Refusals are
 * sent as close codes after the upgrade, so every y-websocket client sees a code it can explain,
 * not a bare HTTP error.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode, type CloseCodeValue } from '../../shared/protocol/close-codes.ts';
import { DOC_ID_PATTERN, SCHEMA_VERSION } from '../../shared/protocol/collab.ts';
import type { Accounts } from '../auth/accounts.ts';
import { identify, type IdentityResult } from '../auth/identity.ts';
import { may } from '../auth/policy.ts';
import { originIsOurs } from '../auth/same-origin.ts';
import { sessionIdFrom } from '../http/session-cookie.ts';
import type { CollabLimits } from '../config.ts';
import type { CartaStore } from '../storage/store.ts';
import { CollabConnection } from './collab-connection.ts';
import type { RoomRegistry } from './room-registry.ts';

export interface CollabEndpointOptions {
  store: CartaStore;
  secret: string;
  registry: RoomRegistry;
  limits: CollabLimits;
  log: (message: string) => void;
  /** Resolves the session cookie of an upgrade. */
  accounts: Accounts;
  /** The configured public URL ('' when none): also this server's origin behind a proxy. */
  publicUrl: string;
}

const PATH = /^\/collab\/([^/?#]+)\/?$/;

/** Hard ceiling for the websocket library; our own, lower cap answers with 4413 first. */
function libraryMaxPayload(limits: CollabLimits): number {
  return limits.maxMessageBytes * 4;
}

export class CollabEndpoint {
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();

  constructor(private readonly options: CollabEndpointOptions) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: libraryMaxPayload(options.limits), perMessageDeflate: false });
  }

  /** Routes HTTP upgrades for /collab/… to this endpoint; other upgrades are refused. */
  attach(server: Server): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (!PATH.test(url.pathname)) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => void this.accept(ws, url, request));
    });
  }

  /**
   * Who the upgrade is from: its `?token=` when it has one, else its session cookie. A browser
   * sends the cookie whichever page opens the socket, so a cookie counts only when the upgrade's
   * Origin is this server (no other site may edit in a visitor's name).
   */
  private async identifyUpgrade(url: URL, request: IncomingMessage): Promise<IdentityResult | 'foreign-origin'> {
    const token = url.searchParams.get('token');
    const sessionId = token === null ? sessionIdFrom(request) : null;
    if (sessionId === null) return identify(this.options.store, this.options.secret, token);
    if (!originIsOurs(request.headers.origin, request.headers.host, this.options.publicUrl)) return 'foreign-origin';
    const who = await this.options.accounts.identifySession(sessionId);
    return who.ok ? { ok: true, identity: who.identity } : who;
  }

  private async accept(ws: WebSocket, url: URL, request: IncomingMessage): Promise<void> {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('error', (error) => this.options.log(`websocket error: ${error.message}`));
    // Messages that arrive while we authenticate and load are kept, in order, and replayed.
    const early: Array<[Buffer, boolean]> = [];
    const buffer = (data: Buffer, isBinary: boolean): void => {
      early.push([data, isBinary]);
    };
    ws.on('message', buffer);
    const refuse = (code: CloseCodeValue, reason: string): void => {
      ws.off('message', buffer);
      ws.close(code, reason);
    };

    const match = PATH.exec(url.pathname);
    let docId = '';
    try {
      docId = decodeURIComponent(match?.[1] ?? '');
    } catch {
      return refuse(CloseCode.notFound, 'bad document id');
    }
    if (!DOC_ID_PATTERN.test(docId)) return refuse(CloseCode.notFound, 'no such document');

    const who = await this.identifyUpgrade(url, request);
    if (who === 'foreign-origin') return refuse(CloseCode.forbidden, 'the session cookie came from another site');
    if (!who.ok) return refuse(CloseCode.unauthenticated, `not signed in: ${who.reason}`);
    const { identity } = who;
    if (!may(identity.role, 'document.read')) return refuse(CloseCode.forbidden, 'this role may not read the document');

    let room;
    try {
      room = await this.options.registry.acquire(docId);
    } catch (error) {
      this.options.log(`could not load "${docId}": ${String(error)}`);
      return refuse(CloseCode.serverError, 'document could not be loaded');
    }
    if (!room) return refuse(CloseCode.notFound, 'no such document');
    if (ws.readyState !== ws.OPEN) {
      this.options.registry.releaseIfIdle(room);
      return;
    }

    const declaredSchema = url.searchParams.get('schema');
    const connection = new CollabConnection(ws, room, {
      identity,
      mayEdit: may(identity.role, 'document.edit'),
      clientOutdated: declaredSchema !== null && declaredSchema !== String(SCHEMA_VERSION),
      limits: this.options.limits,
      log: this.options.log,
    });
    ws.off('message', buffer);
    ws.on('message', (data: Buffer, isBinary: boolean) => connection.handleMessage(data, isBinary));
    ws.on('close', () => connection.handleSocketClosed());
    connection.start();
    for (const [data, isBinary] of early) connection.handleMessage(data, isBinary);
  }

  /** Open sockets (for tests and health). */
  get connectionCount(): number {
    return this.sockets.size;
  }

  /** Stops accepting upgrades and terminates sockets that are still open. */
  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
