/**
 * Enter in the middle of a block while someone else writes in it: the split is made on the Y.Doc so
 * that the other person's half keeps its Yjs element (their cursor and their typing stay anchored),
 * in one undo step. Two editors bound to two Y.Docs with y-prosemirror's real binding, no DOM.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { absolutePositionToRelativePosition, initProseMirrorDoc, prosemirrorToYXmlFragment, undo, ySyncPlugin, ySyncPluginKey, yUndoPlugin } from 'y-prosemirror';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { keeperHalf, legalEnter } from '../../client/editor/commands/split-block.ts';
import { awarenessGuard, type GuardedAction } from '../../client/editor/presence-guard.ts';
import { uidPlugin } from '../../client/editor/uid-plugin.ts';
import type { RelativePositionJson } from '../../shared/protocol/awareness-state.ts';
import { PROSEMIRROR_FRAGMENT } from '../../shared/protocol/collab.ts';
import { legalSchema } from '../../shared/schema/legal-schema.ts';
import { b } from '../support/legal-doc-builder.ts';
import { HeadlessView } from './support/headless-view.ts';

const SENTENCE = 'Las autoridades facilitarán el acceso a la información';
const SPLIT_AT = 'Las autoridades '.length;

interface Person {
  name: string;
  ydoc: Y.Doc;
  fragment: Y.XmlFragment;
  view: HeadlessView;
  awareness: awarenessProtocol.Awareness;
}

function seed(...extra: PMNode[]): Uint8Array {
  const doc = new Y.Doc();
  prosemirrorToYXmlFragment(
    b.doc(b.titulo('PRIMERO', b.articulo('Uno', b.parrafo(SENTENCE), b.numeral('otro bloque'), ...extra))),
    doc.getXmlFragment(PROSEMIRROR_FRAGMENT),
  );
  return Y.encodeStateAsUpdate(doc);
}

function person(name: string, state: Uint8Array): Person {
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, state);
  const fragment = ydoc.getXmlFragment(PROSEMIRROR_FRAGMENT);
  const { doc, mapping } = initProseMirrorDoc(fragment, legalSchema);
  const view = new HeadlessView(EditorState.create({ schema: legalSchema, doc, plugins: [ySyncPlugin(fragment, { mapping }), yUndoPlugin(), uidPlugin()] }));
  return { name, ydoc, fragment, view, awareness: new awarenessProtocol.Awareness(ydoc) };
}

/** A two-way link between two Y.Docs that can be held (updates queue up) and released. */
function link(a: Y.Doc, b: Y.Doc): { hold(): void; release(): void } {
  let held = false;
  const queue: Array<[Y.Doc, Uint8Array]> = [];
  const relay = (to: Y.Doc) => (update: Uint8Array, origin: unknown) => {
    if (origin === 'peer') return;
    if (held) queue.push([to, update]);
    else Y.applyUpdate(to, update, 'peer');
  };
  a.on('update', relay(b));
  b.on('update', relay(a));
  return {
    hold: () => {
      held = true;
    },
    release: () => {
      held = false;
      for (const [to, update] of queue.splice(0)) Y.applyUpdate(to, update, 'peer');
    },
  };
}

function blockPos(doc: PMNode, text: string): number {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.isTextblock && node.textContent === text) found = pos;
    return found < 0;
  });
  if (found < 0) throw new Error(`no block "${text}"`);
  return found;
}

function caret(p: Person, text: string, offset: number): void {
  const pos = blockPos(p.view.state.doc, text) + 1 + offset;
  p.view.dispatch(p.view.state.tr.setSelection(TextSelection.create(p.view.state.doc, pos)));
}

/** Publishes `from`'s current selection in its awareness, as y-prosemirror's cursor plugin does, and relays it to `to`. */
function publishCursor(from: Person, to: Person): void {
  const { binding } = ySyncPluginKey.getState(from.view.state) as { binding: { mapping: Parameters<typeof absolutePositionToRelativePosition>[2] } };
  const json = (pos: number) => Y.relativePositionToJSON(absolutePositionToRelativePosition(pos, from.fragment, binding.mapping) as Y.RelativePosition) as RelativePositionJson;
  const { anchor, head } = from.view.state.selection;
  from.awareness.setLocalState({ user: { id: `u-${from.name}`, name: from.name, color: '#1f77b4' }, cursor: { anchor: json(anchor), head: json(head) } });
  awarenessProtocol.applyAwarenessUpdate(to.awareness, awarenessProtocol.encodeAwarenessUpdate(from.awareness, [from.ydoc.clientID]), 'server');
}

function guardFor(p: Person, declined: Array<{ action: GuardedAction; name: string }> = []) {
  return awarenessGuard({ awareness: p.awareness, ydoc: p.ydoc, fragment: p.fragment, selfUserId: `u-${p.name}`, declined: (action, name) => declined.push({ action, name }) });
}

function type(p: Person, text: string): void {
  p.view.dispatch(p.view.state.tr.insertText(text));
}

/** The texts and uids of the article's body blocks. */
function body(p: Person): Array<{ text: string; uid: string }> {
  const article = p.view.state.doc.child(0).child(1);
  const out: Array<{ text: string; uid: string }> = [];
  article.forEach((child, _offset, index) => {
    if (index > 0) out.push({ text: child.textContent, uid: String(child.attrs.uid) });
  });
  return out;
}

function enter(p: Person): boolean {
  return legalEnter(guardFor(p))(p.view.state, p.view.dispatch, p.view.asView());
}

describe('which half of a split block keeps the shared element', () => {
  it('is the half with more of the other cursors; on a tie, the first, unless nothing stays before the split', () => {
    expect(keeperHalf([], 10, 10, false)).toBe('first');
    expect(keeperHalf([], 10, 12, true)).toBe('second');
    expect(keeperHalf([15], 10, 10, false)).toBe('second');
    expect(keeperHalf([5, 15, 16], 10, 10, false)).toBe('second');
    expect(keeperHalf([5, 6, 15], 10, 10, false)).toBe('first');
    // At the split point, or inside the deleted selection, a cursor counts for neither half.
    expect(keeperHalf([10, 11], 10, 12, false)).toBe('first');
  });
});

describe('Enter in the middle of a block someone else is writing in', () => {
  it('keeps the other person’s half in the original element, so their caret and their next words stay put', () => {
    const state = seed();
    const ana = person('Ana', state);
    const beto = person('Beto', state);
    link(ana.ydoc, beto.ydoc);
    const original = body(ana)[0]!.uid;

    // Beto's caret is after "faci", in the second half; Ana sees it in his presence.
    caret(beto, SENTENCE, SPLIT_AT + 'faci'.length);
    publishCursor(beto, ana);
    caret(ana, SENTENCE, SPLIT_AT);
    expect(enter(ana)).toBe(true);

    // The second half kept the element and the uid; the first half is the copy.
    expect(body(ana).map((block) => block.text)).toEqual(['Las autoridades ', 'facilitarán el acceso a la información', 'otro bloque']);
    expect(body(ana)[1]!.uid).toBe(original);
    expect(body(ana)[0]!.uid).not.toBe(original);
    expect(body(beto)).toEqual(body(ana));
    // Ana's caret is at the start of the second half.
    expect(ana.view.state.selection.$from.parent.textContent).toBe('facilitarán el acceso a la información');
    expect(ana.view.state.selection.$from.parentOffset).toBe(0);
    // Beto's caret did not move: still after "faci", and his next words land there.
    expect(beto.view.state.selection.$from.parent.textContent).toBe('facilitarán el acceso a la información');
    expect(beto.view.state.selection.$from.parentOffset).toBe('faci'.length);
    type(beto, '[Beto sigue escribiendo]');
    expect(body(ana)[1]!.text).toBe('faci[Beto sigue escribiendo]litarán el acceso a la información');
    expect(body(ana)[0]!.text).toBe('Las autoridades ');
    expect(body(beto)).toEqual(body(ana));
  });

  it('keeps typing that was still in flight during the split in its place', () => {
    const state = seed();
    const ana = person('Ana', state);
    const beto = person('Beto', state);
    const wire = link(ana.ydoc, beto.ydoc);
    caret(beto, SENTENCE, SPLIT_AT + 'facilitarán el '.length);
    publishCursor(beto, ana);

    // Beto's keystrokes and Ana's Enter cross on the wire.
    wire.hold();
    type(beto, 'libre ');
    caret(ana, SENTENCE, SPLIT_AT);
    enter(ana);
    wire.release();

    const expected = ['Las autoridades ', 'facilitarán el libre acceso a la información', 'otro bloque'];
    expect(body(ana).map((block) => block.text)).toEqual(expected);
    expect(body(beto).map((block) => block.text)).toEqual(expected);
    expect(beto.view.state.selection.$from.parentOffset).toBe('facilitarán el libre '.length);
  });

  it('is undone in one step, back to one block with its uid and text', () => {
    const state = seed();
    const ana = person('Ana', state);
    const beto = person('Beto', state);
    link(ana.ydoc, beto.ydoc);
    const original = body(ana)[0]!;
    caret(beto, SENTENCE, SPLIT_AT + 3);
    publishCursor(beto, ana);
    caret(ana, SENTENCE, SPLIT_AT);
    enter(ana);
    expect(body(ana)).toHaveLength(3);

    expect(undo(ana.view.state)).toBe(true);
    expect(body(ana)).toEqual([original, { text: 'otro bloque', uid: body(ana)[1]!.uid }]);
    expect(body(beto)).toEqual(body(ana));
    expect(() => ana.view.state.doc.check()).not.toThrow();
  });

  it('keeps the first half in the original element when nobody else is in the block, as before', () => {
    const ana = person('Ana', seed());
    const original = body(ana)[0]!.uid;
    caret(ana, SENTENCE, SPLIT_AT);
    enter(ana);
    expect(body(ana).map((block) => block.text)).toEqual(['Las autoridades ', 'facilitarán el acceso a la información', 'otro bloque']);
    expect(body(ana)[0]!.uid).toBe(original);
    expect(body(ana)[1]!.uid).not.toBe(original);
    expect(ana.view.state.selection.$from.parent.textContent).toBe('facilitarán el acceso a la información');
    expect(ana.view.state.selection.$from.parentOffset).toBe(0);
    // The new element is a numeral-like sibling of the same kind, as y-prosemirror would build it.
    const article = (ana.fragment.get(0) as Y.XmlElement).get(1) as Y.XmlElement;
    expect((article.get(2) as Y.XmlElement).nodeName).toBe('parrafo');
  });

  it('copies the formatting of the half that moves, and deletes a selection inside the block first', () => {
    const state = new Y.Doc();
    const strong = legalSchema.marks.strong!.create();
    const block = legalSchema.node('parrafo', { uid: 'bloque-negritas-1' }, [legalSchema.text('Negritas ', [strong]), legalSchema.text('y texto normal')]);
    prosemirrorToYXmlFragment(b.doc(b.titulo('PRIMERO', b.articulo('Uno', block))), state.getXmlFragment(PROSEMIRROR_FRAGMENT));
    const update = Y.encodeStateAsUpdate(state);
    const ana = person('Ana', update);
    const beto = person('Beto', update);
    link(ana.ydoc, beto.ydoc);
    caret(beto, 'Negritas y texto normal', 'Negritas y texto nor'.length);
    publishCursor(beto, ana);
    // Ana selects "y " and presses Enter: the selection goes, and the bold half is the copy.
    const start = blockPos(ana.view.state.doc, 'Negritas y texto normal') + 1 + 'Negritas '.length;
    ana.view.dispatch(ana.view.state.tr.setSelection(TextSelection.create(ana.view.state.doc, start, start + 2)));
    enter(ana);
    const article = ana.view.state.doc.child(0).child(1);
    expect(article.child(1).textContent).toBe('Negritas ');
    expect(article.child(1).firstChild?.marks.map((mark) => mark.type.name)).toEqual(['strong']);
    expect(article.child(2).textContent).toBe('texto normal');
    expect(article.child(2).attrs.uid).toBe('bloque-negritas-1');
    expect(beto.view.state.selection.$from.parentOffset).toBe('texto nor'.length);
  });

  it('splits an epígrafe only when nobody is writing in the part that would move, and then fills the empty block below', () => {
    const state = new Y.Doc();
    const empty = legalSchema.node('numeral', { uid: 'numeral-vacio-1' });
    prosemirrorToYXmlFragment(b.doc(b.titulo('PRIMERO', b.articulo('Epígrafe largo', empty))), state.getXmlFragment(PROSEMIRROR_FRAGMENT));
    const update = Y.encodeStateAsUpdate(state);
    const ana = person('Ana', update);
    const beto = person('Beto', update);
    link(ana.ydoc, beto.ydoc);
    const declined: Array<{ action: GuardedAction; name: string }> = [];
    caret(beto, 'Epígrafe largo', 'Epígrafe la'.length);
    publishCursor(beto, ana);
    caret(ana, 'Epígrafe largo', 'Epígrafe '.length);
    expect(legalEnter(guardFor(ana, declined))(ana.view.state, ana.view.dispatch)).toBe(true);
    expect(declined).toEqual([{ action: 'split-heading', name: 'Beto' }]);
    expect(ana.view.state.doc.child(0).child(1).childCount).toBe(2);

    // Beto moves to the first half: the split goes ahead, into the empty numeral (no new block).
    caret(beto, 'Epígrafe largo', 2);
    publishCursor(beto, ana);
    caret(ana, 'Epígrafe largo', 'Epígrafe '.length);
    expect(legalEnter(guardFor(ana, declined))(ana.view.state, ana.view.dispatch)).toBe(true);
    const article = ana.view.state.doc.child(0).child(1);
    expect(article.childCount).toBe(2);
    expect(article.child(0).textContent).toBe('Epígrafe ');
    expect(article.child(1).textContent).toBe('largo');
    expect(article.child(1).attrs.uid).toBe('numeral-vacio-1');
    expect(ana.view.state.selection.$from.parent.attrs.uid).toBe('numeral-vacio-1');
    expect(ana.view.state.selection.$from.parentOffset).toBe(0);
  });
});
