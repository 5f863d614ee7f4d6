/**
 * Who wrote what, by Yjs client id. Text carries the id of the client that typed it; presence says
 * which person each client is, but only while they are connected. The editor needs names for text
 * that outlives the connection (undo may delete words of someone who has since left), so every
 * name presence ever showed for a client is remembered for the life of the page.
 */
import type { Awareness } from 'y-protocols/awareness';
import { presenceUser } from './presence.ts';

export class ClientNames {
  private readonly names = new Map<number, string>();

  /** Records the names in a set of presence states (the latest name wins). */
  record(states: ReadonlyMap<number, unknown>): void {
    for (const [clientId, state] of states) {
      const user = presenceUser(state);
      if (user) this.names.set(clientId, user.name);
    }
  }

  /** The person behind a client id, or null when presence never named it. */
  nameOf(clientId: number): string | null {
    return this.names.get(clientId) ?? null;
  }

  /** Keeps recording from live presence; returns a function that stops. */
  follow(awareness: Pick<Awareness, 'getStates' | 'on' | 'off'>): () => void {
    const onChange = (): void => this.record(awareness.getStates());
    awareness.on('change', onChange);
    onChange();
    return () => awareness.off('change', onChange);
  }
}
