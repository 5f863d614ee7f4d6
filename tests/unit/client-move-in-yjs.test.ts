import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { initProseMirrorDoc, prosemirrorToYXmlFragment, undo, ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import * as Y from 'yjs';
import { moveArticle } from '../../client/editor/commands/move-article.ts';
import { uidPlugin } from '../../client/editor/uid-plugin.ts';
import { PROSEMIRROR_FRAGMENT } from '../../shared/protocol/collab.ts';
import { legalSchema } from '../../shared/schema/legal-schema.ts';
import { b } from '../support/legal-doc-builder.ts';
import { article, epigrafe } from '../support/legal-y-doc.ts';
import { HeadlessView } from './support/headless-view.ts';

function seed(): Uint8Array {
  const doc = new Y.Doc();
  prosemirrorToYXmlFragment(
    b.doc(b.titulo('PRIMERO', b.articulo('Uno', b.numeral('uno a'), b.numeral('uno b')), b.articulo('Dos', b.numeral('dos a')), b.articulo('Tres', b.numeral('tres a')))),
    doc.getXmlFragment(PROSEMIRROR_FRAGMENT),
  );
  return Y.encodeStateAsUpdate(doc);
}

function editorOn(ydoc: Y.Doc): HeadlessView {
  const fragment = ydoc.getXmlFragment(PROSEMIRROR_FRAGMENT);
  const { doc, mapping } = initProseMirrorDoc(fragment, legalSchema);
  return new HeadlessView(EditorState.create({ schema: legalSchema, doc, plugins: [ySyncPlugin(fragment, { mapping }), yUndoPlugin(), uidPlugin()] }));
}

function caretIn(view: HeadlessView, text: string, offset = 1): void {
  let found = -1;
  view.state.doc.descendants((node: PMNode, pos: number) => {
    if (found < 0 && node.isTextblock && node.textContent === text) found = pos + 1 + offset;
    return found < 0;
  });
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, found)));
}

/** Each article as "epígrafe: blocks", from the Y.Doc. */
function outline(ydoc: Y.Doc): string[] {
  const titulo = ydoc.getXmlFragment(PROSEMIRROR_FRAGMENT).get(0) as Y.XmlElement;
  return titulo
    .toArray()
    .slice(1)
    .map((a) => {
      const parts = (a as Y.XmlElement).toArray().map((child) => (child as Y.XmlElement).toArray().map((t) => t.toString()).join(''));
      return `${parts[0]}: ${parts.slice(1).join(' | ')}`;
    });
}

describe('moving an article in the shared document', () => {
  it('is a delete plus a re-insert of the article’s element, with the same uids, the caret inside it', () => {
    const ydoc = new Y.Doc();
    Y.applyUpdate(ydoc, seed());
    const view = editorOn(ydoc);
    const fragment = ydoc.getXmlFragment(PROSEMIRROR_FRAGMENT);
    const original = article(fragment, 1);
    const uid = original.getAttribute('uid');
    const neighbour = article(fragment, 2);
    caretIn(view, 'uno b', 2);

    expect(moveArticle('down')(view.state, view.dispatch, view.asView())).toBe(true);
    expect(outline(ydoc)).toEqual(['Dos: dos a', 'Uno: uno a | uno b', 'Tres: tres a']);
    // The old element is gone (deleted), a copy with the same uid stands after the neighbour, and
    // the neighbour itself was not touched.
    expect(original._item?.deleted).toBe(true);
    expect(article(fragment, 2)).not.toBe(original);
    expect(article(fragment, 2).getAttribute('uid')).toBe(uid);
    expect(article(fragment, 1)).toBe(neighbour);
    expect(view.state.selection.$from.parent.textContent).toBe('uno b');
    expect(view.state.selection.$from.parentOffset).toBe(2);
    expect(view.state.doc.child(0).child(2).attrs.uid).toBe(uid);
  });

  it('does not let typing that raced the move land in another article', () => {
    const anaDoc = new Y.Doc();
    const betoDoc = new Y.Doc();
    // Both start from the same server state.
    const state = seed();
    Y.applyUpdate(anaDoc, state);
    Y.applyUpdate(betoDoc, state);
    const ana = editorOn(anaDoc);
    // Beto, offline, types into article 1's epígrafe while Ana moves article 1 down.
    epigrafe(article(betoDoc.getXmlFragment(PROSEMIRROR_FRAGMENT), 1)).insert(3, ' y algo más');
    caretIn(ana, 'Uno');
    moveArticle('down')(ana.state, ana.dispatch, ana.asView());

    Y.applyUpdate(anaDoc, Y.encodeStateAsUpdate(betoDoc));
    Y.applyUpdate(betoDoc, Y.encodeStateAsUpdate(anaDoc));
    expect(outline(anaDoc)).toEqual(outline(betoDoc));
    // Beto's words went into the removed copy (the server hands them back); they did not merge
    // into "Dos", which y-prosemirror's own diff would have rewritten in place.
    expect(outline(anaDoc)).toEqual(['Dos: dos a', 'Uno: uno a | uno b', 'Tres: tres a']);
    expect(ana.state.doc.textContent).not.toContain('algo más');
  });

  it('is undone in one step', () => {
    const ydoc = new Y.Doc();
    Y.applyUpdate(ydoc, seed());
    const view = editorOn(ydoc);
    caretIn(view, 'Dos');
    moveArticle('up')(view.state, view.dispatch, view.asView());
    expect(outline(ydoc)).toEqual(['Dos: dos a', 'Uno: uno a | uno b', 'Tres: tres a']);
    expect(undo(view.state)).toBe(true);
    expect(outline(ydoc)).toEqual(['Uno: uno a | uno b', 'Dos: dos a', 'Tres: tres a']);
  });

  it('crosses into the next título as the plain move does', () => {
    const ydoc = new Y.Doc();
    const doc = new Y.Doc();
    prosemirrorToYXmlFragment(
      b.doc(b.titulo('PRIMERO', b.articulo('Uno', b.numeral('u'))), b.titulo('SEGUNDO', b.capitulo('C', b.articulo('Dos', b.numeral('d'))))),
      doc.getXmlFragment(PROSEMIRROR_FRAGMENT),
    );
    Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(doc));
    const view = editorOn(ydoc);
    caretIn(view, 'Uno');
    expect(moveArticle('down')(view.state, view.dispatch, view.asView())).toBe(true);
    expect(ydoc.getXmlFragment(PROSEMIRROR_FRAGMENT).toString()).toMatch(/<titulo_nombre>PRIMERO<\/titulo_nombre><\/titulo>.*<capitulo_nombre>C<\/capitulo_nombre><articulo[^>]*><epigrafe>Uno/);
    expect(view.state.selection.$from.parent.textContent).toBe('Uno');
    expect(() => view.state.doc.check()).not.toThrow();
  });
});
