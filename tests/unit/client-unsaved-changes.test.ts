import { describe, expect, it } from 'vitest';
import { prosemirrorToYXmlFragment } from 'y-prosemirror';
import * as Y from 'yjs';
import { closeReason, shouldReconnectAfter } from '../../client/collab/close-reasons.ts';
import { ConnectionTracker, hasUnsavedWork } from '../../client/collab/connection-state.ts';
import { passagesChangedSince, REFUSAL_WINDOW_MS, UnsavedRange } from '../../client/collab/unsaved-changes.ts';
import { CloseCode, TERMINAL_CLOSE_CODES } from '../../shared/protocol/close-codes.ts';
import { PROSEMIRROR_FRAGMENT } from '../../shared/protocol/collab.ts';
import { b } from '../support/legal-doc-builder.ts';
import { article, epigrafe, textOf } from '../support/legal-y-doc.ts';

function connected(): ConnectionTracker {
  const tracker = new ConnectionTracker();
  tracker.dispatch({ type: 'status', status: 'connected' });
  tracker.dispatch({ type: 'synced', synced: true });
  return tracker;
}

describe('a change larger than the server accepts (4413)', () => {
  it('stops the reconnection loop and offers a reload (client-side, not in the shared protocol)', () => {
    expect(shouldReconnectAfter(CloseCode.tooLarge)).toBe(false);
    expect(closeReason(CloseCode.tooLarge)).toMatchObject({ terminal: true, offerReload: true, refusedChange: true, message: 'close.tooLarge' });
    // The shared list is the server's contract and stays as it is.
    expect(TERMINAL_CLOSE_CODES.has(CloseCode.tooLarge)).toBe(false);
    // Transient codes still reconnect.
    for (const code of [CloseCode.rateLimited, CloseCode.serverError, CloseCode.goingAway, CloseCode.resyncNeeded, 1006]) {
      expect(shouldReconnectAfter(code)).toBe(true);
    }
  });

  it('counts the refused change as not saved, even though it was made while connected', () => {
    const tracker = connected();
    tracker.dispatch({ type: 'local-update' });
    expect(tracker.view.unsent).toBe(0);
    tracker.dispatch({ type: 'closed', code: CloseCode.tooLarge });
    expect(tracker.view).toMatchObject({ stopped: true, unsent: 1, phase: 'offline' });
    expect(hasUnsavedWork(tracker.view)).toBe(true);
  });

  it('keeps the count of offline changes when their resend is refused', () => {
    const tracker = connected();
    tracker.dispatch({ type: 'closed', code: 1006 });
    tracker.dispatch({ type: 'status', status: 'disconnected' });
    for (let i = 0; i < 5; i++) tracker.dispatch({ type: 'local-update' });
    tracker.dispatch({ type: 'status', status: 'connected' });
    tracker.dispatch({ type: 'closed', code: CloseCode.tooLarge });
    expect(tracker.view).toMatchObject({ stopped: true, unsent: 5 });
  });
});

describe('leaving the page with unsaved work', () => {
  it('is worth a warning only while some change is not on the server', () => {
    const tracker = connected();
    expect(hasUnsavedWork(tracker.view)).toBe(false);
    tracker.dispatch({ type: 'network', online: false });
    tracker.dispatch({ type: 'closed', code: 1006 });
    tracker.dispatch({ type: 'local-update' });
    expect(hasUnsavedWork(tracker.view)).toBe(true);
    tracker.dispatch({ type: 'network', online: true });
    tracker.dispatch({ type: 'status', status: 'connected' });
    tracker.dispatch({ type: 'synced', synced: true });
    expect(hasUnsavedWork(tracker.view)).toBe(false);
  });

  it('after an expired sign-in (4401), the offline changes stay counted for good', () => {
    const tracker = connected();
    tracker.dispatch({ type: 'closed', code: 1006 });
    tracker.dispatch({ type: 'local-update' });
    tracker.dispatch({ type: 'local-update' });
    tracker.dispatch({ type: 'closed', code: CloseCode.unauthenticated });
    expect(tracker.view).toMatchObject({ stopped: true, unsent: 2 });
    expect(tracker.view.closed).toMatchObject({ signedOut: true, refusedChange: false });
  });
});

describe('which own changes may not be on the server', () => {
  it('starts at the first change made while not connected, until the next sync', () => {
    const range = new UnsavedRange(() => 0);
    range.localChange(10, true);
    expect(range.unsavedFrom(false)).toBeNull();
    range.localChange(12, false);
    range.localChange(15, false);
    expect(range.unsavedFrom(false)).toBe(12);
    range.synced();
    expect(range.unsavedFrom(false)).toBeNull();
  });

  it('after a refusal, includes what was sent moments before it, including a just-resent offline batch', () => {
    let now = 0;
    const range = new UnsavedRange(() => now);
    range.localChange(3, true);
    now = REFUSAL_WINDOW_MS + 1000;
    range.localChange(40, true);
    range.localChange(44, true);
    // The change at clock 3 was sent long ago; only the recent ones may be the refused one.
    expect(range.unsavedFrom(true)).toBe(40);
    expect(range.unsavedFrom(false)).toBeNull();

    range.localChange(50, false);
    range.synced();
    now += 100;
    expect(range.unsavedFrom(true)).toBe(40);
    now += REFUSAL_WINDOW_MS;
    expect(range.unsavedFrom(true)).toBeNull();
  });
});

describe('the text of the passages changed', () => {
  function sharedDocument(): { mine: Y.Doc; theirs: Y.Doc } {
    const seed = new Y.Doc();
    prosemirrorToYXmlFragment(
      b.doc(b.titulo('PRIMERO', b.articulo('Uno', b.numeral('primero'), b.numeral('segundo')), b.articulo('Dos', b.numeral('tercero')))),
      seed.getXmlFragment(PROSEMIRROR_FRAGMENT),
    );
    const mine = new Y.Doc();
    const theirs = new Y.Doc();
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(seed));
    Y.applyUpdate(theirs, Y.encodeStateAsUpdate(seed));
    return { mine, theirs };
  }
  const block = (doc: Y.Doc, n: number, index: number): Y.XmlText => textOf(article(doc.getXmlFragment(PROSEMIRROR_FRAGMENT), n).get(index) as Y.XmlElement);

  it('lists, in document order, the whole text of each block this client wrote in since a clock', () => {
    const { mine, theirs } = sharedDocument();
    block(mine, 1, 1).insert(0, 'antes ');
    const from = Y.getState(mine.store, mine.clientID);
    block(mine, 2, 1).insert(7, ' y más');
    epigrafe(article(mine.getXmlFragment(PROSEMIRROR_FRAGMENT), 1)).insert(3, ' (reformado)');
    // Someone else's change, merged in, is not this person's to recover.
    block(theirs, 1, 2).insert(0, 'ajeno ');
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(theirs));

    expect(passagesChangedSince(mine.getXmlFragment(PROSEMIRROR_FRAGMENT), mine.clientID, from)).toEqual(['Uno (reformado)', 'tercero y más']);
    expect(passagesChangedSince(mine.getXmlFragment(PROSEMIRROR_FRAGMENT), mine.clientID, 0)).toEqual(['Uno (reformado)', 'antes primero', 'tercero y más']);
  });

  it('has nothing to offer for deletions alone', () => {
    const { mine } = sharedDocument();
    const from = Y.getState(mine.store, mine.clientID);
    block(mine, 1, 1).delete(0, 3);
    expect(passagesChangedSince(mine.getXmlFragment(PROSEMIRROR_FRAGMENT), mine.clientID, from)).toEqual([]);
  });
});
