/**
 * Awareness (presence, cursors) comes from clients and is relayed to everyone, so it is checked:
 * a connection may speak only for the Yjs client ids it introduced, only a few of them; the state
 * keeps only a well-formed `cursor` (see shared/protocol/awareness-state.ts), and the `user` field
 * (name, colour) is the authenticated identity, so nobody can appear as someone else or send other
 * browsers a cursor that breaks their editor.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { cleanPresenceState } from '../../shared/protocol/awareness-state.ts';
import type { Identity } from '../auth/identity.ts';

export class AwarenessRefused extends Error {
  override name = 'AwarenessRefused';
}

/** The most Yjs client ids one connection may speak for (one per open tab/editor is normal). */
export const MAX_CLIENTS_PER_CONNECTION = 4;

interface Entry {
  clientId: number;
  clock: number;
  state: unknown;
}

function decodeEntries(update: Uint8Array): Entry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > 64) throw new AwarenessRefused('too many awareness entries in one message');
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    entries.push({ clientId, clock, state: JSON.parse(json) as unknown });
  }
  if (decoding.hasContent(decoder)) throw new AwarenessRefused('trailing bytes after awareness update');
  return entries;
}

/** What the guard needs to know about the room's awareness. */
export interface AwarenessView {
  /** True when another connection already speaks for this client id. */
  ownedElsewhere(clientId: number): boolean;
  /** The clock the room holds for a client id, if it has seen it. */
  knownClock(clientId: number): number | undefined;
}

/**
 * Returns the update to apply, or null when the message carries nothing new. Clients relay every
 * awareness change they receive (y-websocket does), so most messages echo other people's states:
 * entries whose clock the room already has are echoes and are dropped without counting against the
 * sender. New entries for client ids owned by another connection are dropped too. Each remaining
 * state gets its `user` from `identity`. `owned` (this connection's client ids) is updated in place.
 * Throws AwarenessRefused (or a decoding error) for malformed or abusive input.
 */
export function sanitizeAwarenessUpdate(update: Uint8Array, identity: Identity, owned: Set<number>, view: AwarenessView): Uint8Array | null {
  const entries = decodeEntries(update).filter((entry) => {
    const known = view.knownClock(entry.clientId);
    if (known !== undefined && entry.clock <= known) return false;
    return owned.has(entry.clientId) || !view.ownedElsewhere(entry.clientId);
  });
  for (const entry of entries) {
    if (!owned.has(entry.clientId)) {
      if (owned.size >= MAX_CLIENTS_PER_CONNECTION) throw new AwarenessRefused('too many awareness clients on one connection');
      owned.add(entry.clientId);
    }
  }
  if (entries.length === 0) return null;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    let state = entry.state;
    if (state !== null) {
      if (typeof state !== 'object' || Array.isArray(state)) throw new AwarenessRefused('awareness state must be an object or null');
      // Only the fields the editors use, well-formed, travel on; `user` is the authenticated identity.
      state = cleanPresenceState(state as Record<string, unknown>, { name: identity.name, color: identity.color, role: identity.role, id: identity.userId });
    }
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}
