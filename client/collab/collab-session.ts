/**
 * The live connection to one document: a Y.Doc, the y-websocket provider on /collab/<docId>, the
 * awareness with this person's name and colour, and the connection tracker fed by the provider's
 * events and the browser's online/offline events.
 */
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { PROSEMIRROR_FRAGMENT, SCHEMA_VERSION } from '../../shared/protocol/collab.ts';
import type { Notice } from '../../shared/protocol/notices.ts';
import { shouldReconnectAfter } from './close-reasons.ts';
import { ConnectionTracker } from './connection-state.ts';
import { installNoticeHandler, OrphanedTextInbox } from './notices.ts';
import { relayOwnPresenceOnly } from './own-presence-only.ts';
import { passagesChangedSince, UnsavedRange } from './unsaved-changes.ts';

export interface CollabSession {
  ydoc: Y.Doc;
  provider: WebsocketProvider;
  fragment: Y.XmlFragment;
  tracker: ConnectionTracker;
  /** Text the server handed back because it could not be placed (see notices.ts). */
  orphans: OrphanedTextInbox;
  /** Calls `listener` with every notice the server sends (after the inbox took its own); returns a function that unsubscribes. */
  onNotice(listener: (notice: Notice) => void): () => void;
  /** The text of the passages this person changed that the server may not have (after a terminal close). */
  unsavedPassages(): string[];
  destroy(): void;
}

export interface CollabOptions {
  docId: string;
  /** A sign-in link's token, sent as `?token=`; null when the session cookie signs the socket in. */
  token: string | null;
  user: { name: string; color: string };
  /** Page location; the socket goes to the same host. */
  location: Location;
}

/** `ws://host` or `wss://host` for the page's own host. */
export function websocketBase(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
}

export function openCollabSession(options: CollabOptions): CollabSession {
  const ydoc = new Y.Doc();
  const tracker = new ConnectionTracker();
  const provider = new WebsocketProvider(websocketBase(options.location), `collab/${options.docId}`, ydoc, {
    connect: false,
    params: options.token === null ? { schema: String(SCHEMA_VERSION) } : { token: options.token, schema: String(SCHEMA_VERSION) },
    // Tabs must not sync with each other behind the server's back: every change goes through the
    // server's checks, and read-only tabs would otherwise receive changes the server never saw.
    disableBc: true,
    shouldReconnect: (event) => shouldReconnectAfter(event.code),
  });
  const stopOwnPresenceRelay = relayOwnPresenceOnly(provider, ydoc.clientID);
  const orphans = new OrphanedTextInbox();
  const noticeListeners = new Set<(notice: Notice) => void>();
  const removeNoticeHandler = installNoticeHandler(
    provider,
    (notice) => {
      orphans.receive(notice);
      for (const listener of noticeListeners) listener(notice);
    },
    (reason) => console.warn(`carta: ignored a notice from the server (${reason})`),
  );
  const unsaved = new UnsavedRange();
  // The server rewrites this to the authenticated identity; setting it keeps this client's own
  // view consistent before the first round trip.
  provider.awareness.setLocalStateField('user', options.user);

  provider.on('status', ({ status }) => {
    tracker.dispatch({ type: 'status', status });
    // Peers dropped this client's presence when the socket closed, at the state's current clock;
    // re-sending the same clock would be ignored, so re-announce with a fresh one.
    if (status === 'connected') provider.awareness.setLocalState(provider.awareness.getLocalState());
  });
  provider.on('sync', (synced) => {
    if (synced) unsaved.synced();
    tracker.dispatch({ type: 'synced', synced });
  });
  provider.on('connection-close', (event) => tracker.dispatch({ type: 'closed', code: event?.code ?? null }));
  const onUpdate = (_update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction): void => {
    if (origin === provider) return;
    // y-websocket sends the update right after this handler when the socket is open and synced.
    unsaved.localChange(transaction.beforeState.get(ydoc.clientID) ?? 0, tracker.view.phase === 'connected');
    tracker.dispatch({ type: 'local-update' });
  };
  ydoc.on('update', onUpdate);
  // When the browser says the network is gone, a still-open socket is usually dead: close it now
  // (instead of after y-websocket's 30 s watchdog) so that changes count as unsent until the
  // reconnection has synced them.
  const online = (): void => {
    tracker.dispatch({ type: 'network', online: true });
    if (!tracker.view.stopped) provider.connect();
  };
  const offline = (): void => {
    tracker.dispatch({ type: 'network', online: false });
    provider.disconnect();
  };
  window.addEventListener('online', online);
  window.addEventListener('offline', offline);
  if (navigator.onLine) provider.connect();
  else tracker.dispatch({ type: 'network', online: false });

  const fragment = ydoc.getXmlFragment(PROSEMIRROR_FRAGMENT);
  return {
    ydoc,
    provider,
    fragment,
    tracker,
    orphans,
    onNotice: (listener) => {
      noticeListeners.add(listener);
      return () => noticeListeners.delete(listener);
    },
    unsavedPassages: () => {
      const from = unsaved.unsavedFrom(tracker.view.closed?.refusedChange === true);
      return from === null ? [] : passagesChangedSince(fragment, ydoc.clientID, from);
    },
    destroy: () => {
      removeNoticeHandler();
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      ydoc.off('update', onUpdate);
      stopOwnPresenceRelay();
      provider.destroy();
      ydoc.destroy();
    },
  };
}
