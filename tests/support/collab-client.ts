/**
 * Real collaboration clients for tests: y-websocket's WebsocketProvider in Node (the same provider
 * the browser uses), plus a raw socket for sending hand-made frames.
 */
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { TERMINAL_CLOSE_CODES } from '../../shared/protocol/close-codes.ts';
import { PROSEMIRROR_FRAGMENT } from '../../shared/protocol/collab.ts';
import { NOTICE_MESSAGE_TYPE, type Notice, parseNotice } from '../../shared/protocol/notices.ts';

// Each WebsocketProvider in Node registers a process 'exit' handler; tests open dozens at once.
process.setMaxListeners(200);

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  fragment: Y.XmlFragment;
  /** Close codes this client's sockets received, in order. */
  closeCodes: number[];
  /** Carta notices the server sent this client. */
  notices: Notice[];
  synced(): Promise<void>;
  destroy(): void;
}

export function connectClient(wsBase: string, token: string, docId = 'cdmx', options: { connect?: boolean } = {}): TestClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(wsBase, docId, doc, {
    // ws implements the WebSocket interface the provider needs; the DOM type is not available in Node.
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token },
    connect: options.connect ?? true,
    disableBc: true,
    maxBackoffTime: 300,
    // As the browser client does: only codes after which retrying cannot help stop reconnection.
    shouldReconnect: (event: CloseEvent) => !TERMINAL_CLOSE_CODES.has(event.code),
  });
  const closeCodes: number[] = [];
  provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) closeCodes.push(event.code);
  });
  const notices: Notice[] = [];
  provider.messageHandlers[NOTICE_MESSAGE_TYPE] = (_encoder, decoder) => {
    const notice = parseNotice(decoding.readVarString(decoder));
    if (notice) notices.push(notice);
  };
  return {
    doc,
    provider,
    fragment: doc.getXmlFragment(PROSEMIRROR_FRAGMENT),
    closeCodes,
    notices,
    synced: () =>
      new Promise<void>((resolve) => {
        if (provider.synced) return resolve();
        const onSync = (isSynced: boolean): void => {
          if (!isSynced) return;
          provider.off('sync', onSync);
          resolve();
        };
        provider.on('sync', onSync);
      }),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** A raw websocket to /collab/:docId; resolves once open. */
export async function rawSocket(wsBase: string, token: string, docId = 'cdmx'): Promise<{ ws: WebSocket; closed: Promise<{ code: number; reason: string }> }> {
  const ws = new WebSocket(`${wsBase}/${docId}?token=${encodeURIComponent(token)}`);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, closed };
}

/** Polls `condition` until true or the timeout passes. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
