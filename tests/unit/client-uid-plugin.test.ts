import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorToYXmlFragment, undo, ySyncPlugin, ySyncPluginKey, yUndoPlugin } from 'y-prosemirror';
import { moveArticle } from '../../client/editor/commands/move-article.ts';
import { splitLegalBlock } from '../../client/editor/commands/split-block.ts';
import { UidCounts, uidPlugin, uidPluginKey } from '../../client/editor/uid-plugin.ts';
import { legalSchema, NODES_WITH_UID } from '../../shared/schema/legal-schema.ts';
import { isUid } from '../../shared/schema/uid.ts';
import { PROSEMIRROR_FRAGMENT } from '../../shared/protocol/collab.ts';
import { b } from '../support/legal-doc-builder.ts';
import { HeadlessView } from './support/headless-view.ts';

function uidsOf(doc: PMNode): string[] {
  const uids: string[] = [];
  doc.descendants((node) => {
    if (NODES_WITH_UID.has(node.type.name)) uids.push(String(node.attrs.uid));
    return !node.isTextblock;
  });
  return uids;
}

function expectUidsPresentAndUnique(doc: PMNode): void {
  const uids = uidsOf(doc);
  expect(uids.every(isUid)).toBe(true);
  expect(new Set(uids).size).toBe(uids.length);
  expect(() => doc.check()).not.toThrow();
}

/** Position just inside the textblock whose text is `text`. */
function posInText(doc: PMNode, text: string, offset = 0): number {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.isTextblock && node.textContent === text) {
      found = pos + 1 + offset;
      return false;
    }
    return true;
  });
  if (found < 0) throw new Error(`no block with text "${text}"`);
  return found;
}

function nodeWithText(doc: PMNode, text: string): PMNode {
  return doc.resolve(posInText(doc, text)).parent;
}

function sample(): PMNode {
  return b.doc(
    b.titulo(
      'DISPOSICIONES',
      b.articulo('Uno', b.numeral('primero'), b.numeral('segundo')),
      b.articulo('Dos', b.numeral('tercero')),
    ),
  );
}

function stateWith(doc: PMNode, cursorText?: string, offset = 0): EditorState {
  const state = EditorState.create({ doc, plugins: [uidPlugin()] });
  if (cursorText === undefined) return state;
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, posInText(state.doc, cursorText, offset))));
}

describe('the uid plugin', () => {
  it('gives the block created by Enter a new uid and lets the original keep its own', () => {
    const state = stateWith(sample(), 'primero', 'primero'.length);
    const original = nodeWithText(state.doc, 'primero').attrs.uid;
    let next = state;
    splitLegalBlock(state, (tr) => (next = state.apply(tr)));
    const blocks = next.doc.child(0).child(1);
    expect(blocks.child(1).attrs.uid).toBe(original);
    expect(blocks.child(2).type.name).toBe('numeral');
    expect(blocks.child(2).attrs.uid).not.toBe(original);
    expectUidsPresentAndUnique(next.doc);
  });

  it('keeps the uid with the text when a block is split in the middle or pushed down from its start', () => {
    const state = stateWith(sample(), 'primero', 3);
    const original = nodeWithText(state.doc, 'primero').attrs.uid;
    let next = state;
    splitLegalBlock(state, (tr) => (next = state.apply(tr)));
    expect(nodeWithText(next.doc, 'pri').attrs.uid).toBe(original);
    expect(nodeWithText(next.doc, 'mero').attrs.uid).not.toBe(original);

    // ProseMirror's own split at the very start duplicates the attributes; the text keeps the uid.
    const atStart = stateWith(sample(), 'segundo', 0);
    const block = nodeWithText(atStart.doc, 'segundo');
    const pos = posInText(atStart.doc, 'segundo');
    const split = atStart.apply(atStart.tr.split(pos, 1, [{ type: block.type, attrs: block.attrs }]));
    expect(nodeWithText(split.doc, 'segundo').attrs.uid).toBe(block.attrs.uid);
    expectUidsPresentAndUnique(split.doc);
  });

  it('gives a pasted copy of an existing article new uids, all the way down, and leaves the original alone', () => {
    const state = stateWith(sample());
    const article = state.doc.child(0).child(1);
    const articlePos = 1 + state.doc.child(0).child(0).nodeSize;
    const copy = state.doc.slice(articlePos, articlePos + article.nodeSize);
    const end = 1 + state.doc.child(0).content.size; // end of the título
    const next = state.apply(state.tr.replace(end, end, copy));
    expect(next.doc.child(0).child(1).attrs.uid).toBe(article.attrs.uid);
    expect(uidsOf(next.doc.child(0).child(1))).toEqual(uidsOf(article));
    const pasted = next.doc.child(0).child(3);
    expect(pasted.textContent).toBe(article.textContent);
    expect(uidsOf(pasted).some((uid) => uidsOf(article).includes(uid))).toBe(false);
    expectUidsPresentAndUnique(next.doc);
  });

  it('also protects the original when the copy is pasted right before it', () => {
    const state = stateWith(sample());
    const titulo = state.doc.child(0);
    const articlePos = 1 + titulo.child(0).nodeSize;
    const article = titulo.child(1);
    const copy = state.doc.slice(articlePos, articlePos + article.nodeSize);
    const next = state.apply(state.tr.replace(articlePos, articlePos, copy));
    expect(next.doc.child(0).child(2).attrs.uid).toBe(article.attrs.uid);
    expect(next.doc.child(0).child(1).attrs.uid).not.toBe(article.attrs.uid);
    expectUidsPresentAndUnique(next.doc);
  });

  it('lets a cut-and-pasted article keep its uid', () => {
    const state = stateWith(sample());
    const titulo = state.doc.child(0);
    const articlePos = 1 + titulo.child(0).nodeSize;
    const article = titulo.child(1);
    const cut = state.apply(state.tr.delete(articlePos, articlePos + article.nodeSize));
    const end = 1 + cut.doc.child(0).content.size;
    const pasted = cut.apply(cut.tr.insert(end, article));
    expect(pasted.doc.child(0).child(2).attrs.uid).toBe(article.attrs.uid);
    expect(uidsOf(pasted.doc.child(0).child(2))).toEqual(uidsOf(article));
    expectUidsPresentAndUnique(pasted.doc);
  });

  it('lets an article moved with the move command keep its uid', () => {
    const state = stateWith(sample(), 'tercero');
    const moved = state.doc.child(0).child(2);
    let next = state;
    expect(moveArticle('up')(state, (tr) => (next = state.apply(tr)))).toBe(true);
    expect(next.doc.child(0).child(1).attrs.uid).toBe(moved.attrs.uid);
    expect(uidsOf(next.doc)).toEqual(expect.arrayContaining(uidsOf(state.doc)));
    expectUidsPresentAndUnique(next.doc);
  });

  it('gives nodes without a uid (pasted from elsewhere) a fresh one', () => {
    const state = stateWith(sample(), 'primero', 'primero'.length);
    const pos = posInText(state.doc, 'primero') + 'primero'.length + 1;
    const bare = legalSchema.nodes.parrafo!.create(null, legalSchema.text('pegado'));
    const next = state.apply(state.tr.insert(pos, bare));
    expect(isUid(nodeWithText(next.doc, 'pegado').attrs.uid)).toBe(true);
    expectUidsPresentAndUnique(next.doc);
  });

  it('keeps exact uid counts while typing and restructuring, without recounting the document', () => {
    let state = stateWith(sample(), 'primero', 2);
    for (const ch of 'abc') state = state.apply(state.tr.insertText(ch));
    splitLegalBlock(state, (tr) => (state = state.apply(tr)));
    const counts = uidPluginKey.getState(state)!;
    const fresh = UidCounts.of(state.doc);
    expect([...counts.counts].sort()).toEqual([...fresh.counts].sort());
    expect(counts.doc).toBe(state.doc);
  });

  it('does not repair changes that arrive from other people (the author repairs its own)', () => {
    const state = stateWith(sample());
    const titulo = state.doc.child(0);
    const articlePos = 1 + titulo.child(0).nodeSize;
    const article = titulo.child(1);
    const copy = state.doc.slice(articlePos, articlePos + article.nodeSize);
    const remote = state.tr.replace(articlePos, articlePos, copy).setMeta(ySyncPluginKey, { isChangeOrigin: true });
    const next = state.apply(remote);
    expect(next.doc.child(0).child(1).attrs.uid).toBe(article.attrs.uid);
    expect(next.doc.child(0).child(2).attrs.uid).toBe(article.attrs.uid);
  });

  it('leaves remote (y-sync) transactions alone, and Yjs undo restores the deleted uid', () => {
    const ydoc = new Y.Doc();
    const fragment = ydoc.getXmlFragment(PROSEMIRROR_FRAGMENT);
    const initial = sample();
    prosemirrorToYXmlFragment(initial, fragment);
    const view = new HeadlessView(
      EditorState.create({ schema: legalSchema, plugins: [ySyncPlugin(fragment), yUndoPlugin(), uidPlugin()] }),
    );
    expect(uidsOf(view.state.doc)).toEqual(uidsOf(initial));

    const titulo = view.state.doc.child(0);
    const articlePos = 1 + titulo.child(0).nodeSize;
    const deleted = titulo.child(1);
    view.dispatch(view.state.tr.delete(articlePos, articlePos + deleted.nodeSize));
    expect(view.state.doc.child(0).childCount).toBe(2);
    expect(fragment.toString()).not.toContain(String(deleted.attrs.uid));

    expect(undo(view.state)).toBe(true);
    const restored = view.state.doc.child(0).child(1);
    expect(restored.attrs.uid).toBe(deleted.attrs.uid);
    expect(uidsOf(restored)).toEqual(uidsOf(deleted));
    expect(fragment.toString()).toContain(String(deleted.attrs.uid));
    expectUidsPresentAndUnique(view.state.doc);
    view.destroy();
  });
});
