import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { relayOwnPresenceOnly } from '../../client/collab/own-presence-only.ts';

/** A provider whose "socket" records what it would send, without any network. */
function recordingProvider(doc: Y.Doc): { provider: WebsocketProvider; sent: Uint8Array[] } {
  const provider = new WebsocketProvider('ws://127.0.0.1:9', 'room', doc, {
    connect: false,
    disableBc: true,
    // Never constructed (connect: false); Node has no global WebSocket.
    WebSocketPolyfill: class {} as unknown as typeof WebSocket,
  });
  const sent: Uint8Array[] = [];
  const fake = { readyState: 1, OPEN: 1, send: (data: Uint8Array) => sent.push(data), close: () => {} };
  Object.assign(provider, { ws: fake, wsconnected: true });
  return { provider, sent };
}

describe('relaying only this client’s own presence', () => {
  it('sends local cursor changes but not the echoes of other people’s', () => {
    const doc = new Y.Doc();
    const { provider, sent } = recordingProvider(doc);
    relayOwnPresenceOnly(provider, doc.clientID);

    const other = new awarenessProtocol.Awareness(new Y.Doc());
    other.setLocalStateField('cursor', { anchor: 1 });
    awarenessProtocol.applyAwarenessUpdate(provider.awareness, awarenessProtocol.encodeAwarenessUpdate(other, [other.clientID]), 'server');
    expect(sent).toHaveLength(0);

    provider.awareness.setLocalStateField('cursor', { anchor: 5 });
    expect(sent).toHaveLength(1);
    provider.destroy();
  });

  it('is needed: without it the provider echoes other people’s presence', () => {
    const doc = new Y.Doc();
    const { provider, sent } = recordingProvider(doc);
    const other = new awarenessProtocol.Awareness(new Y.Doc());
    other.setLocalStateField('cursor', { anchor: 1 });
    awarenessProtocol.applyAwarenessUpdate(provider.awareness, awarenessProtocol.encodeAwarenessUpdate(other, [other.clientID]), 'server');
    expect(sent).toHaveLength(1);
    provider.destroy();
  });
});
