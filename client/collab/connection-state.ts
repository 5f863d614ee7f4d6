/**
 * The connection state shown in the header, derived from the websocket provider's events, and the
 * count of local changes not yet known to be on the server. DOM-free, so it is tested as a plain
 * state machine.
 *
 * A change counts as unsent when it is made while the document is not connected and synced;
 * y-websocket sends everything the server lacks as soon as it syncs again, so the count returns to
 * zero on the next sync. Brief drops show as "reconnecting"; after a few failed attempts, or when
 * the browser reports it is offline, the state becomes "offline".
 */
import { closeReason, type CloseReason } from './close-reasons.ts';

export type ConnectionPhase = 'connecting' | 'connected' | 'offline';

export interface ConnectionView {
  phase: ConnectionPhase;
  /** True once the document arrived from the server at least once (editing is possible). */
  loaded: boolean;
  /** Connecting again after having been connected before. */
  reconnecting: boolean;
  /** Local changes made since the document was last in sync with the server. */
  unsent: number;
  /** The server's reason for the last close, while it is relevant (cleared on the next sync). */
  closed: CloseReason | null;
  /** The server refused the connection for good; nothing reconnects. */
  stopped: boolean;
}

export type ConnectionEvent =
  | { type: 'status'; status: 'connecting' | 'connected' | 'disconnected' }
  | { type: 'synced'; synced: boolean }
  | { type: 'local-update' }
  | { type: 'closed'; code: number | null }
  | { type: 'network'; online: boolean };

/** Failed attempts in a row after which a reconnecting client is shown as offline. */
export const OFFLINE_AFTER_FAILURES = 3;

export class ConnectionTracker {
  private socket: 'connecting' | 'connected' | 'disconnected' = 'connecting';
  private synced = false;
  private online = true;
  private failures = 0;
  private current: ConnectionView = {
    phase: 'connecting',
    loaded: false,
    reconnecting: false,
    unsent: 0,
    closed: null,
    stopped: false,
  };
  private readonly listeners = new Set<(view: ConnectionView, previous: ConnectionView) => void>();

  get view(): ConnectionView {
    return this.current;
  }

  /** Calls `listener` after every change of the view; returns a function that unsubscribes. */
  subscribe(listener: (view: ConnectionView, previous: ConnectionView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispatch(event: ConnectionEvent): ConnectionView {
    const previous = this.current;
    let { loaded, unsent, closed, stopped } = previous;
    switch (event.type) {
      case 'status':
        this.socket = event.status;
        if (event.status !== 'connected') this.synced = false;
        break;
      case 'synced':
        this.synced = event.synced;
        if (event.synced) {
          loaded = true;
          unsent = 0;
          closed = null;
          this.failures = 0;
        }
        break;
      case 'local-update':
        if (previous.phase !== 'connected') unsent++;
        break;
      case 'closed': {
        this.synced = false;
        this.socket = 'disconnected';
        this.failures++;
        const reason = event.code === null ? null : closeReason(event.code);
        if (reason) {
          closed = reason;
          if (reason.terminal) stopped = true;
          // The refused change was made while connected, so it was never counted as unsent; it is
          // not on the server all the same, and once stopped it never will be.
          if (reason.terminal && reason.refusedChange) unsent = Math.max(unsent, 1);
        }
        break;
      }
      case 'network':
        this.online = event.online;
        break;
    }
    const phase = this.phaseFor(stopped);
    const next: ConnectionView = {
      phase,
      loaded,
      reconnecting: loaded && phase !== 'connected' && !stopped,
      unsent,
      closed,
      stopped,
    };
    if (!sameView(previous, next)) {
      this.current = next;
      for (const listener of this.listeners) listener(next, previous);
    }
    return this.current;
  }

  private phaseFor(stopped: boolean): ConnectionPhase {
    if (stopped || !this.online) return 'offline';
    if (this.socket === 'connected' && this.synced) return 'connected';
    return this.failures >= OFFLINE_AFTER_FAILURES ? 'offline' : 'connecting';
  }
}

/**
 * Whether leaving the page now would lose work: changes live only in this tab's memory until the
 * server has them (offline, reconnecting, or refused for good).
 */
export function hasUnsavedWork(view: ConnectionView): boolean {
  return view.unsent > 0;
}

function sameView(a: ConnectionView, b: ConnectionView): boolean {
  return (
    a.phase === b.phase &&
    a.loaded === b.loaded &&
    a.reconnecting === b.reconnecting &&
    a.unsent === b.unsent &&
    a.closed === b.closed &&
    a.stopped === b.stopped
  );
}
