import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { absolutePositionToRelativePosition, initProseMirrorDoc, prosemirrorToYXmlFragment, ySyncPlugin, ySyncPluginKey } from 'y-prosemirror';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { setBlockKind } from '../../client/editor/commands/change-block-kind.ts';
import { moveArticle } from '../../client/editor/commands/move-article.ts';
import { awarenessGuard, cursorInside, type GuardedAction, personWorkingIn, remoteCursors } from '../../client/editor/presence-guard.ts';
import type { RelativePositionJson } from '../../shared/protocol/awareness-state.ts';
import { PROSEMIRROR_FRAGMENT } from '../../shared/protocol/collab.ts';
import { legalSchema } from '../../shared/schema/legal-schema.ts';
import { b } from '../support/legal-doc-builder.ts';
import { HeadlessView } from './support/headless-view.ts';

describe('whether a cursor is inside a node', () => {
  // A node spanning [10, 20]: positions 11..19 are inside it.
  it('counts carets and selections that touch the inside, not the edges', () => {
    expect(cursorInside({ anchor: 11, head: 11 }, 10, 20)).toBe(true);
    expect(cursorInside({ anchor: 19, head: 19 }, 10, 20)).toBe(true);
    expect(cursorInside({ anchor: 10, head: 10 }, 10, 20)).toBe(false);
    expect(cursorInside({ anchor: 20, head: 20 }, 10, 20)).toBe(false);
    // A selection that starts before and ends inside, or covers the node whole.
    expect(cursorInside({ anchor: 5, head: 12 }, 10, 20)).toBe(true);
    expect(cursorInside({ anchor: 25, head: 3 }, 10, 20)).toBe(true);
    expect(cursorInside({ anchor: 2, head: 10 }, 10, 20)).toBe(false);
  });

  it('names the first person found inside', () => {
    const cursors = [
      { clientId: 1, name: 'Beto', anchor: 3, head: 3 },
      { clientId: 2, name: 'Ana', anchor: 15, head: 15 },
    ];
    expect(personWorkingIn(cursors, 10, 20)?.name).toBe('Ana');
    expect(personWorkingIn(cursors, 30, 40)).toBeNull();
  });
});

describe('other people’s cursors from presence', () => {
  // A stand-in for the Yjs conversion: known positions resolve, anything else does not.
  const positions = new Map<string, number>();
  const toAbsolute = (json: RelativePositionJson): number | null => positions.get(JSON.stringify(json)) ?? null;

  it('skip this client, this person’s other tabs, people without a cursor, and positions that do not resolve', () => {
    const here = { anchor: { tname: 'prosemirror', item: { client: 5, clock: 1 } }, head: { tname: 'prosemirror', item: { client: 5, clock: 1 } } };
    positions.set(JSON.stringify(here.anchor), 12);
    const nowhere = { anchor: { tname: 'prosemirror', item: { client: 5, clock: 99 } }, head: { tname: 'prosemirror', item: { client: 5, clock: 99 } } };
    const user = (id: string, name: string) => ({ id, name, color: '#1f77b4' });
    const states = new Map<number, unknown>([
      [1, { user: user('me', 'Yo'), cursor: here }],
      [2, { user: user('me', 'Yo'), cursor: here }],
      [3, { user: user('ana', 'Ana Pérez'), cursor: here }],
      [4, { user: user('beto', 'Beto Ruiz'), cursor: null }],
      [5, { user: user('carla', 'Carla'), cursor: nowhere }],
      [6, { user: user('dora', 'Dora'), cursor: { anchor: 'broken' } }],
      [7, { cursor: here }],
    ]);
    expect(remoteCursors(states, { clientId: 1, userId: 'me' }, toAbsolute)).toEqual([{ clientId: 3, name: 'Ana Pérez', anchor: 12, head: 12 }]);
  });
});

/** One browser: a Y.Doc bound to an editor (y-prosemirror's real binding, without a DOM). */
interface Browser {
  ydoc: Y.Doc;
  fragment: Y.XmlFragment;
  view: HeadlessView;
  awareness: awarenessProtocol.Awareness;
}

function openBrowser(ydoc: Y.Doc): Browser {
  const fragment = ydoc.getXmlFragment(PROSEMIRROR_FRAGMENT);
  const { doc, mapping } = initProseMirrorDoc(fragment, legalSchema);
  const view = new HeadlessView(EditorState.create({ schema: legalSchema, doc, plugins: [ySyncPlugin(fragment, { mapping })] }));
  return { ydoc, fragment, view, awareness: new awarenessProtocol.Awareness(ydoc) };
}

function connect(a: Y.Doc, b: Y.Doc): void {
  a.on('update', (update: Uint8Array, origin: unknown) => origin !== 'peer' && Y.applyUpdate(b, update, 'peer'));
  b.on('update', (update: Uint8Array, origin: unknown) => origin !== 'peer' && Y.applyUpdate(a, update, 'peer'));
}

function posInText(doc: PMNode, text: string, offset = 0): number {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.isTextblock && node.textContent === text) found = pos + 1 + offset;
    return found < 0;
  });
  if (found < 0) throw new Error(`no block "${text}"`);
  return found;
}

function putCursor(browser: Browser, text: string): void {
  const { view } = browser;
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, posInText(view.state.doc, text, 1))));
}

/** Publishes `from`'s caret (at the start of block `text` + 1) in its awareness, as y-prosemirror's cursor plugin does, and relays it to `to`. */
function publishCursor(from: Browser, to: Browser, text: string, user: { id: string; name: string }): void {
  const pos = posInText(from.view.state.doc, text, 1);
  const { binding } = ySyncPluginKey.getState(from.view.state) as { binding: { mapping: Parameters<typeof absolutePositionToRelativePosition>[2] } };
  const relative = absolutePositionToRelativePosition(pos, from.fragment, binding.mapping) as Y.RelativePosition;
  const json = Y.relativePositionToJSON(relative) as RelativePositionJson;
  from.awareness.setLocalState({ user: { ...user, color: '#1f77b4' }, cursor: { anchor: json, head: json } });
  awarenessProtocol.applyAwarenessUpdate(to.awareness, awarenessProtocol.encodeAwarenessUpdate(from.awareness, [from.ydoc.clientID]), 'server');
}

function twoBrowsers(): { ana: Browser; me: Browser; declined: Array<{ action: GuardedAction; name: string }>; guard: ReturnType<typeof awarenessGuard> } {
  const seed = new Y.Doc();
  prosemirrorToYXmlFragment(
    b.doc(
      b.titulo('PRIMERO', b.articulo('Uno', b.numeral('n1'), b.numeral('n2')), b.articulo('Dos', b.numeral('d1')), b.articulo('Tres', b.numeral('t1'))),
    ),
    seed.getXmlFragment(PROSEMIRROR_FRAGMENT),
  );
  const state = Y.encodeStateAsUpdate(seed);
  const anaDoc = new Y.Doc();
  const myDoc = new Y.Doc();
  Y.applyUpdate(anaDoc, state);
  Y.applyUpdate(myDoc, state);
  const ana = openBrowser(anaDoc);
  const me = openBrowser(myDoc);
  connect(anaDoc, myDoc);
  const declined: Array<{ action: GuardedAction; name: string }> = [];
  const guard = awarenessGuard({
    awareness: me.awareness,
    ydoc: me.ydoc,
    fragment: me.fragment,
    selfUserId: 'u-me',
    declined: (action, name) => declined.push({ action, name }),
  });
  return { ana, me, declined, guard };
}

function epigrafes(browser: Browser): string[] {
  const out: string[] = [];
  browser.view.state.doc.descendants((node) => {
    if (node.type.name === 'epigrafe') out.push(node.textContent);
    return !node.isTextblock;
  });
  return out;
}

describe('moving an article while someone is writing in it', () => {
  it('declines, naming the person, while their cursor is inside the article; moves once it is elsewhere', () => {
    const { ana, me, declined, guard } = twoBrowsers();
    publishCursor(ana, me, 'n2', { id: 'u-ana', name: 'Ana Pérez' });
    putCursor(me, 'n1');

    // Handled (the key does nothing else), but nothing moved.
    expect(moveArticle('down', guard)(me.view.state, me.view.dispatch)).toBe(true);
    expect(declined).toEqual([{ action: 'move-article', name: 'Ana Pérez' }]);
    expect(epigrafes(me)).toEqual(['Uno', 'Dos', 'Tres']);
    // Checking availability (no dispatch) does not bother anyone.
    expect(moveArticle('down', guard)(me.view.state)).toBe(true);
    expect(declined).toHaveLength(1);

    // Ana's cursor is inside another article: this one may move.
    publishCursor(ana, me, 't1', { id: 'u-ana', name: 'Ana Pérez' });
    expect(moveArticle('down', guard)(me.view.state, me.view.dispatch)).toBe(true);
    expect(epigrafes(me)).toEqual(['Dos', 'Uno', 'Tres']);
    expect(epigrafes(ana)).toEqual(['Dos', 'Uno', 'Tres']);
    expect(declined).toHaveLength(1);
  });

  it('follows the person’s cursor through other changes (it is a relative position)', () => {
    const { ana, me, declined, guard } = twoBrowsers();
    publishCursor(ana, me, 'd1', { id: 'u-ana', name: 'Ana Pérez' });
    // Text typed before Ana's article shifts every absolute position after it.
    putCursor(me, 'n1');
    me.view.dispatch(me.view.state.tr.insertText('texto nuevo '));
    putCursor(me, 'd1');
    moveArticle('up', guard)(me.view.state, me.view.dispatch);
    expect(declined).toEqual([{ action: 'move-article', name: 'Ana Pérez' }]);
    expect(epigrafes(me)).toEqual(['Uno', 'Dos', 'Tres']);
  });

  it('ignores this person’s own other tabs', () => {
    const { ana, me, declined, guard } = twoBrowsers();
    publishCursor(ana, me, 'n1', { id: 'u-me', name: 'Yo' });
    putCursor(me, 'n1');
    moveArticle('down', guard)(me.view.state, me.view.dispatch);
    expect(declined).toEqual([]);
    expect(epigrafes(me)).toEqual(['Dos', 'Uno', 'Tres']);
  });
});

describe('changing the kind of a block while someone is writing in it', () => {
  it('declines for the block with the other cursor, and changes blocks nobody is in', () => {
    const { ana, me, declined, guard } = twoBrowsers();
    publishCursor(ana, me, 'n2', { id: 'u-ana', name: 'Ana Pérez' });
    putCursor(me, 'n2');
    expect(setBlockKind('fraccion', guard)(me.view.state, me.view.dispatch)).toBe(true);
    expect(declined).toEqual([{ action: 'change-kind', name: 'Ana Pérez' }]);
    expect(me.view.state.selection.$from.parent.type.name).toBe('numeral');

    // The neighbouring block (same article) is free to change.
    putCursor(me, 'n1');
    expect(setBlockKind('fraccion', guard)(me.view.state, me.view.dispatch)).toBe(true);
    expect(me.view.state.selection.$from.parent.type.name).toBe('fraccion');
    expect(declined).toHaveLength(1);
  });
});
