import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { ClientNames } from '../../client/collab/client-names.ts';

describe('names behind Yjs client ids', () => {
  it('follows presence, and remembers a name after its client has left', () => {
    const doc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(doc);
    const names = new ClientNames();
    const stop = names.follow(awareness);

    awareness.setLocalStateField('user', { id: 'u1', name: 'Beto Ruiz', color: '#aa0000' });
    expect(names.nameOf(doc.clientID)).toBe('Beto Ruiz');
    expect(names.nameOf(doc.clientID + 1)).toBeNull();

    awareness.setLocalState(null);
    expect(names.nameOf(doc.clientID)).toBe('Beto Ruiz');

    stop();
    awareness.setLocalStateField('user', { id: 'u1', name: 'Otro nombre', color: '#aa0000' });
    expect(names.nameOf(doc.clientID)).toBe('Beto Ruiz');
    awareness.destroy();
  });

  it('ignores states without a usable name', () => {
    const names = new ClientNames();
    names.record(new Map<number, unknown>([[1, { cursor: null }], [2, { user: { name: '  ' } }], [3, { user: { name: 'Ana' } }]]));
    expect([names.nameOf(1), names.nameOf(2), names.nameOf(3)]).toEqual([null, null, 'Ana']);
  });
});
