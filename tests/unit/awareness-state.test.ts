import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cleanPresenceState, isCursorState } from '../../shared/protocol/awareness-state.ts';
import { showRemoteCursor } from '../../client/editor/remote-cursor.ts';

/** A cursor exactly as y-prosemirror's cursor plugin publishes it (RelativePosition objects, serialised). */
function realCursor(): unknown {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('prosemirror');
  const p = new Y.XmlElement('parrafo');
  fragment.insert(0, [p]);
  const text = new Y.XmlText();
  p.insert(0, [text]);
  text.insert(0, 'hola');
  const rel = Y.createRelativePositionFromTypeIndex(text, 2);
  const json = JSON.parse(JSON.stringify({ anchor: rel, head: rel }));
  return json;
}

describe('presence states relayed to other browsers', () => {
  it('accepts the cursors y-prosemirror publishes, and no cursor', () => {
    expect(isCursorState(realCursor())).toBe(true);
    expect(isCursorState(null)).toBe(true);
    expect(isCursorState({ anchor: { tname: 'prosemirror', assoc: 0 }, head: { tname: 'prosemirror' } })).toBe(true);
  });

  it('refuses cursors that would make y-prosemirror throw', () => {
    for (const bad of [
      { anchor: 'x', head: 'y' },
      { anchor: null, head: null },
      { anchor: {}, head: {} },
      { anchor: { type: { client: -1, clock: 0 } }, head: { tname: 'prosemirror' } },
      { anchor: { type: { client: 1, clock: 'a' } }, head: { tname: 'prosemirror' } },
      { anchor: { tname: 'prosemirror', evil: 1 }, head: { tname: 'prosemirror' } },
      { anchor: { tname: 'prosemirror' } },
      'cursor',
      [1, 2],
    ]) {
      expect(isCursorState(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('keeps only a well-formed cursor and the given user', () => {
    const user = { name: 'Ana', color: '#1f5fa8' };
    expect(cleanPresenceState({ cursor: { anchor: 'x', head: 'y' }, user: { name: 'Impostor' }, extra: '<img>' }, user)).toEqual({ user, cursor: null });
    const cursor = realCursor();
    expect(cleanPresenceState({ cursor }, user)).toEqual({ user, cursor });
  });

  it('makes the editor skip its own cursor and any malformed one', () => {
    expect(showRemoteCursor(1, 2, { cursor: realCursor(), user: {} })).toBe(true);
    expect(showRemoteCursor(1, 1, { cursor: realCursor() })).toBe(false);
    expect(showRemoteCursor(1, 2, { cursor: { anchor: 'x', head: 'y' } })).toBe(false);
    expect(showRemoteCursor(1, 2, null)).toBe(false);
  });
});
