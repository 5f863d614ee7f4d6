/**
 * The question before a large deletion: which deletions need it, that the deletion waits for the
 * answer and happens only on "yes", and that changes from the shared document are never held.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, type Transaction } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { ySyncPluginKey } from 'y-prosemirror';
import { largeDeleteGuardPlugin, needsConfirmation, type Removal, removalOf } from '../../client/editor/large-delete-guard.ts';
import { b } from '../support/legal-doc-builder.ts';
import { HeadlessView } from './support/headless-view.ts';

const doc = (): PMNode =>
  b.doc(
    b.titulo('PRIMERO', ...['Uno', 'Dos', 'Tres', 'Cuatro', 'Cinco', 'Seis'].map((name) => b.articulo(name, b.numeral(`texto ${name}`)))),
    b.titulo('SEGUNDO', b.articulo('Siete', b.numeral('texto Siete'))),
  );

/** The position just inside the textblock whose text is `text`, plus `offset`. */
function posIn(node: PMNode, text: string, offset = 0): number {
  let found = -1;
  node.descendants((child, pos) => {
    if (found < 0 && child.isTextblock && child.textContent === text) found = pos + 1 + offset;
    return found < 0;
  });
  if (found < 0) throw new Error(`no block "${text}"`);
  return found;
}

/** A transaction deleting from the middle of the block `fromText` to the middle of `toText`. */
function deleteBetween(state: EditorState, fromText: string, toText: string): Transaction {
  return state.tr.delete(posIn(state.doc, fromText, 2), posIn(state.doc, toText, 2));
}

function epigrafes(node: PMNode): string[] {
  const names: string[] = [];
  node.descendants((child) => {
    if (child.type.name === 'epigrafe') names.push(child.textContent);
    return !child.isTextblock;
  });
  return names;
}

describe('which deletions are large', () => {
  it('counts the articles a deletion removes whole, and títulos', () => {
    const state = EditorState.create({ doc: doc() });
    // From inside "Uno" to inside "Cinco": Dos, Tres and Cuatro go whole (Cinco's rest joins Uno).
    const three = removalOf(deleteBetween(state, 'texto Uno', 'texto Cinco'));
    expect(three).toEqual({ articles: 3, titulos: 0 });
    expect(needsConfirmation(three)).toBe(false);
    const four = removalOf(deleteBetween(state, 'texto Uno', 'texto Seis'));
    expect(four).toEqual({ articles: 4, titulos: 0 });
    expect(needsConfirmation(four)).toBe(true);
    // The whole second título, with its one article.
    const second = state.doc.child(1);
    const titulo = removalOf(state.tr.delete(state.doc.child(0).nodeSize, state.doc.child(0).nodeSize + second.nodeSize));
    expect(titulo).toEqual({ articles: 1, titulos: 1 });
    expect(needsConfirmation(titulo)).toBe(true);
  });

  it('does not count what the same transaction puts back (a move), nor typing', () => {
    const state = EditorState.create({ doc: doc() });
    const first = state.doc.child(0);
    const tr = state.tr.delete(0, first.nodeSize);
    tr.insert(tr.doc.content.size, first);
    expect(removalOf(tr)).toEqual({ articles: 0, titulos: 0 });
    expect(removalOf(state.tr.insertText('x', posIn(state.doc, 'texto Uno')))).toEqual({ articles: 0, titulos: 0 });
  });
});

describe('the question before a large deletion', () => {
  function editor(answer: () => Promise<boolean>): { view: HeadlessView; asked: Removal[]; stale: () => number } {
    const asked: Removal[] = [];
    let stale = 0;
    const plugin = largeDeleteGuardPlugin({
      confirm: (removal) => {
        asked.push(removal);
        return answer();
      },
      stale: () => stale++,
    });
    return { view: new HeadlessView(EditorState.create({ doc: doc(), plugins: [plugin] })), asked, stale: () => stale };
  }

  it('holds the deletion until the answer, keeps everything on "cancel", and deletes on "go ahead"', async () => {
    let answer: (go: boolean) => void = () => {};
    const { view, asked } = editor(() => new Promise((resolve) => (answer = resolve)));
    const before = view.state.doc;
    view.dispatch(deleteBetween(view.state, 'texto Uno', 'texto Seis'));
    expect(view.state.doc).toBe(before);
    expect(asked).toEqual([{ articles: 4, titulos: 0 }]);
    answer(false);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(view.state.doc).toBe(before);

    view.dispatch(deleteBetween(view.state, 'texto Uno', 'texto Seis'));
    expect(asked).toHaveLength(2);
    answer(true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(epigrafes(view.state.doc)).toEqual(['Uno', 'Siete']);
    expect(view.state.doc.child(0).child(1).child(1).textContent).toBe('texto Seis');
  });

  it('lets small deletions and changes from the shared document through without asking', () => {
    const { view, asked } = editor(() => Promise.resolve(true));
    view.dispatch(deleteBetween(view.state, 'texto Uno', 'texto Cinco'));
    expect(epigrafes(view.state.doc)).toEqual(['Uno', 'Seis', 'Siete']);
    // Uno's block now ends with the rest of Cinco's text.
    const remote = deleteBetween(view.state, 'texto Cinco', 'texto Siete').setMeta(ySyncPluginKey, { isChangeOrigin: true });
    view.dispatch(remote);
    expect(epigrafes(view.state.doc)).toEqual(['Uno']);
    expect(asked).toEqual([]);
  });

  it('deletes nothing if the document changed while the question was open, and says so', async () => {
    let answer: (go: boolean) => void = () => {};
    const { view, stale } = editor(() => new Promise((resolve) => (answer = resolve)));
    view.dispatch(deleteBetween(view.state, 'texto Uno', 'texto Seis'));
    view.dispatch(view.state.tr.insertText('!', posIn(view.state.doc, 'texto Siete')).setMeta(ySyncPluginKey, { isChangeOrigin: true }));
    answer(true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(epigrafes(view.state.doc)).toEqual(['Uno', 'Dos', 'Tres', 'Cuatro', 'Cinco', 'Seis', 'Siete']);
    expect(stale()).toBe(1);
  });
});
