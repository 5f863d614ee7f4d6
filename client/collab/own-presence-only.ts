/**
 * y-websocket relays every awareness change to the server, including the other people's changes it
 * has just received from the server. Those echoes cost every client one message per cursor move of
 * every other person, and the server drops them anyway. This keeps the provider's relay but feeds it
 * only this client's own presence.
 */
import type { WebsocketProvider } from 'y-websocket';

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}

/** Restricts the provider's awareness relay to this client's own state; returns an undo function. */
export function relayOwnPresenceOnly(provider: WebsocketProvider, ownClientId: number): () => void {
  const relay = provider._awarenessUpdateHandler;
  const onlyMine = (changes: AwarenessChanges, origin: unknown): void => {
    const mine = (ids: number[]): number[] => ids.filter((id) => id === ownClientId);
    const own = { added: mine(changes.added), updated: mine(changes.updated), removed: mine(changes.removed) };
    if (own.added.length + own.updated.length + own.removed.length > 0) relay(own, origin);
  };
  provider.awareness.off('update', relay);
  provider.awareness.on('update', onlyMine);
  return () => provider.awareness.off('update', onlyMine);
}
