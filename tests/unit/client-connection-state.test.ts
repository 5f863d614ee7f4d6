import { describe, expect, it } from 'vitest';
import { closeReason, shouldReconnectAfter } from '../../client/collab/close-reasons.ts';
import { ConnectionTracker, OFFLINE_AFTER_FAILURES } from '../../client/collab/connection-state.ts';
import { CloseCode } from '../../shared/protocol/close-codes.ts';

function connected(): ConnectionTracker {
  const tracker = new ConnectionTracker();
  tracker.dispatch({ type: 'status', status: 'connected' });
  tracker.dispatch({ type: 'synced', synced: true });
  return tracker;
}

describe('the connection state', () => {
  it('starts connecting, and is connected only once the document is synced', () => {
    const tracker = new ConnectionTracker();
    expect(tracker.view.phase).toBe('connecting');
    tracker.dispatch({ type: 'status', status: 'connected' });
    expect(tracker.view.phase).toBe('connecting');
    expect(tracker.view.loaded).toBe(false);
    tracker.dispatch({ type: 'synced', synced: true });
    expect(tracker.view).toMatchObject({ phase: 'connected', loaded: true, reconnecting: false, unsent: 0 });
  });

  it('does not count changes sent while connected', () => {
    const tracker = connected();
    tracker.dispatch({ type: 'local-update' });
    expect(tracker.view.unsent).toBe(0);
  });

  it('counts local changes made while disconnected, and clears them when synced again', () => {
    const tracker = connected();
    tracker.dispatch({ type: 'closed', code: 1006 });
    tracker.dispatch({ type: 'status', status: 'disconnected' });
    expect(tracker.view).toMatchObject({ phase: 'connecting', reconnecting: true });
    tracker.dispatch({ type: 'local-update' });
    tracker.dispatch({ type: 'local-update' });
    tracker.dispatch({ type: 'status', status: 'connecting' });
    tracker.dispatch({ type: 'local-update' });
    expect(tracker.view.unsent).toBe(3);
    tracker.dispatch({ type: 'status', status: 'connected' });
    tracker.dispatch({ type: 'local-update' });
    expect(tracker.view.unsent).toBe(4);
    tracker.dispatch({ type: 'synced', synced: true });
    expect(tracker.view).toMatchObject({ phase: 'connected', unsent: 0, reconnecting: false });
  });

  it('shows offline after repeated failures or when the browser is offline', () => {
    const tracker = connected();
    for (let i = 0; i < OFFLINE_AFTER_FAILURES; i++) {
      tracker.dispatch({ type: 'closed', code: 1006 });
      tracker.dispatch({ type: 'status', status: 'connecting' });
    }
    expect(tracker.view.phase).toBe('offline');
    const other = connected();
    other.dispatch({ type: 'network', online: false });
    expect(other.view.phase).toBe('offline');
    other.dispatch({ type: 'network', online: true });
    expect(other.view.phase).toBe('connected');
  });

  it('stops on a terminal close code and keeps its reason', () => {
    const tracker = connected();
    tracker.dispatch({ type: 'closed', code: CloseCode.clientOutdated });
    expect(tracker.view).toMatchObject({ phase: 'offline', stopped: true, reconnecting: false });
    expect(tracker.view.closed).toMatchObject({ code: 4426, message: 'close.clientOutdated', terminal: true, offerReload: true });
  });

  it('keeps a transient reason only until the next sync', () => {
    const tracker = connected();
    tracker.dispatch({ type: 'closed', code: CloseCode.rateLimited });
    expect(tracker.view.closed?.message).toBe('close.rateLimited');
    expect(tracker.view.stopped).toBe(false);
    tracker.dispatch({ type: 'status', status: 'connected' });
    tracker.dispatch({ type: 'synced', synced: true });
    expect(tracker.view.closed).toBeNull();
  });

  it('notifies listeners only when the view changes', () => {
    const tracker = connected();
    const seen: string[] = [];
    tracker.subscribe((view) => seen.push(view.phase));
    tracker.dispatch({ type: 'local-update' });
    tracker.dispatch({ type: 'closed', code: 1006 });
    expect(seen).toEqual(['connecting']);
  });
});

describe('close reasons', () => {
  it('name a message for every Carta close code and none for others', () => {
    for (const code of Object.values(CloseCode)) expect(closeReason(code)?.message).toMatch(/^close\./);
    expect(closeReason(1006)).toBeNull();
  });

  it('stop reconnecting only on the documented terminal codes, and on a change too large to ever be accepted', () => {
    expect(shouldReconnectAfter(CloseCode.unauthenticated)).toBe(false);
    expect(shouldReconnectAfter(CloseCode.invalidContent)).toBe(false);
    expect(shouldReconnectAfter(CloseCode.rateLimited)).toBe(true);
    // Reconnecting would resend the same change and be refused again, forever.
    expect(shouldReconnectAfter(CloseCode.tooLarge)).toBe(false);
    expect(shouldReconnectAfter(1006)).toBe(true);
    expect(closeReason(CloseCode.unauthenticated)?.signedOut).toBe(true);
  });
});
