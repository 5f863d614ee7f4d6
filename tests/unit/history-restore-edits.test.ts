/**
 * Restore edits only what differs: the live document becomes exactly the old version, while text,
 * blocks and articles that are already as they were keep their Yjs items (so their authors). Each
 * case builds the old version, edits a copy of it into the live one, restores, and counts the
 * characters the restoring update inserts and deletes.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { restoreChildren, restoreElement } from '../../server/history/restore-edits.ts';

type Spec = { name: string; uid?: string; attrs?: Record<string, string>; children: Array<Spec | string | Array<{ insert: string; attributes?: Record<string, unknown> }>> };

function build(spec: Spec): Y.XmlElement {
  const element = new Y.XmlElement(spec.name);
  if (spec.uid) element.setAttribute('uid', spec.uid);
  for (const [key, value] of Object.entries(spec.attrs ?? {})) element.setAttribute(key, value);
  element.insert(
    0,
    spec.children.map((child) => {
      if (typeof child === 'string' || Array.isArray(child)) {
        const text = new Y.XmlText();
        if (typeof child === 'string') text.insert(0, child);
        else text.applyDelta(child);
        return text;
      }
      return build(child);
    }),
  );
  return element;
}

const para = (uid: string, text: string): Spec => ({ name: 'parrafo', uid, children: [text] });
const articulo = (uid: string, heading: string, ...blocks: Spec[]): Spec => ({ name: 'articulo', uid, children: [{ name: 'epigrafe', children: [heading] }, ...blocks] });

/** A document holding the given top-level nodes (the old version). */
function documentOf(...nodes: Spec[]): Y.Doc {
  const doc = new Y.Doc();
  doc.getXmlFragment('prosemirror').insert(0, nodes.map(build));
  return doc;
}

/** A second replica of `doc`, sharing its items (as the live document shares the old version's); it keeps deleted content, to count it. */
function replica(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** The content as plain data: names, attributes, text with formatting. */
function shape(node: Y.XmlFragment | Y.XmlElement | Y.XmlText | Y.XmlHook): unknown {
  if (node instanceof Y.XmlText) return node.toDelta();
  if (node instanceof Y.XmlHook) return 'hook';
  return { name: node instanceof Y.XmlElement ? node.nodeName : '#fragment', attrs: node instanceof Y.XmlElement ? node.getAttributes() : {}, children: node.toArray().map(shape) };
}

/** Restores `live` to `old` and returns what the update did: characters inserted and deleted, elements inserted. */
function restore(live: Y.Doc, old: Y.Doc, edit: (liveFragment: Y.XmlFragment, oldFragment: Y.XmlFragment) => void = restoreChildren): { update: Uint8Array | null; insertedChars: number; deletedChars: number; insertedElements: number } {
  let update: Uint8Array | null = null;
  live.on('update', (bytes: Uint8Array) => {
    update = bytes;
  });
  live.transact(() => edit(live.getXmlFragment('prosemirror'), old.getXmlFragment('prosemirror')));
  if (!update) return { update: null, insertedChars: 0, deletedChars: 0, insertedElements: 0 };
  const { structs, ds } = Y.decodeUpdate(update);
  let insertedChars = 0;
  let insertedElements = 0;
  for (const struct of structs) {
    if (struct instanceof Y.Item && struct.content instanceof Y.ContentString) insertedChars += struct.length;
    if (struct instanceof Y.Item && struct.content instanceof Y.ContentType) insertedElements++;
  }
  // Deleted characters: the delete set's ranges that fall on string items of the live document.
  let deletedChars = 0;
  for (const [client, ranges] of ds.clients) {
    for (const range of ranges) {
      for (let clock = range.clock; clock < range.clock + range.len; clock++) {
        const item = Y.getItem(live.store, Y.createID(client, clock)) as Y.Item;
        if (item.content instanceof Y.ContentString) deletedChars++;
      }
    }
  }
  return { update, insertedChars, deletedChars, insertedElements };
}

const text = (doc: Y.Doc): unknown => shape(doc.getXmlFragment('prosemirror'));

describe('restore edits', () => {
  it('changes nothing (no update at all) when the live text is the old one', () => {
    const old = documentOf({ name: 'titulo', uid: 'titulo-0001', children: [{ name: 'titulo_nombre', children: ['Uno'] }, articulo('art-00000001', 'De la ciudad', para('par-00000001', 'Toda persona.'))] });
    const live = replica(old);
    expect(restore(live, old).update).toBeNull();
  });

  it('edits a changed word character by character, keeping every other character', () => {
    const old = documentOf(articulo('art-00000001', 'De la ciudad', para('par-00000001', 'Toda persona tiene derecho a las generaciones futuras.')));
    const live = replica(old);
    const liveText = (live.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(1) as Y.XmlElement;
    const t = liveText.get(0) as Y.XmlText;
    t.insert(4, 's');
    t.delete(t.toString().indexOf('futuras') + 5, 1);
    t.insert(t.toString().indexOf('futur') + 5, 'o');
    expect(t.toString()).toBe('Todas persona tiene derecho a las generaciones futuros.');
    const done = restore(live, old);
    expect(text(live)).toEqual(text(old));
    // "s" and "o" removed, "a" typed back: nothing else is touched.
    expect(done).toMatchObject({ insertedChars: 1, deletedChars: 2, insertedElements: 0 });
  });

  it('puts back removed blocks and removes added ones, with their uids, leaving the rest in place', () => {
    const old = documentOf(articulo('art-00000001', 'Uno', para('par-00000001', 'Primero.'), para('par-00000002', 'Segundo.'), para('par-00000003', 'Tercero.')));
    const live = replica(old);
    const article = live.getXmlFragment('prosemirror').get(0) as Y.XmlElement;
    article.delete(2, 1); // Segundo
    article.insert(3, [build(para('par-00000009', 'Nuevo.'))]);
    const done = restore(live, old);
    expect(text(live)).toEqual(text(old));
    expect(done).toMatchObject({ insertedChars: 'Segundo.'.length, deletedChars: 'Nuevo.'.length, insertedElements: 2 }); // the paragraph and its text
  });

  it('moves an article back by removing it where it is and putting its copy where it was', () => {
    const old = documentOf({ name: 'titulo', uid: 'titulo-0001', children: [{ name: 'titulo_nombre', children: ['Uno'] }, articulo('art-00000001', 'A', para('par-00000001', 'a')), articulo('art-00000002', 'B', para('par-00000002', 'b')), articulo('art-00000003', 'C', para('par-00000003', 'c'))] });
    const live = replica(old);
    const titulo = live.getXmlFragment('prosemirror').get(0) as Y.XmlElement;
    const first = titulo.get(1) as Y.XmlElement;
    const copy = first.clone();
    titulo.delete(1, 1);
    titulo.insert(titulo.length, [copy]);
    const done = restore(live, old);
    expect(text(live)).toEqual(text(old));
    // One article re-created (2 characters of text: "A" and "a"); B and C untouched.
    expect(done.insertedChars).toBe(2);
  });

  it('sets attributes and formatting only where they differ, and replaces a block whose kind changed', () => {
    const old = documentOf(articulo('art-00000001', 'Uno', { name: 'parrafo', uid: 'par-00000001', children: [[{ insert: 'Texto ' }, { insert: 'firme', attributes: { strong: {} } }, { insert: ' aquí.' }]] }, para('par-00000002', 'Otro.')));
    const live = replica(old);
    const article = live.getXmlFragment('prosemirror').get(0) as Y.XmlElement;
    const styled = (article.get(1) as Y.XmlElement).get(0) as Y.XmlText;
    styled.format(0, 5, { em: {} });
    styled.format(6, 5, { strong: null });
    article.delete(2, 1);
    article.insert(2, [build({ name: 'numeral', uid: 'par-00000002', children: ['Otro.'] })]);
    const done = restore(live, old);
    expect(text(live)).toEqual(text(old));
    expect(done.insertedChars).toBe('Otro.'.length);
  });

  it('restores one article in place without touching the others', () => {
    const old = documentOf({ name: 'titulo', uid: 'titulo-0001', children: [{ name: 'titulo_nombre', children: ['Uno'] }, articulo('art-00000001', 'A', para('par-00000001', 'alfa')), articulo('art-00000002', 'B', para('par-00000002', 'beta'))] });
    const live = replica(old);
    const titulo = live.getXmlFragment('prosemirror').get(0) as Y.XmlElement;
    (((titulo.get(1) as Y.XmlElement).get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(4, 'beto');
    (((titulo.get(2) as Y.XmlElement).get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(4, 'ana');
    const done = restore(live, old, (liveFragment, oldFragment) => restoreElement((liveFragment.get(0) as Y.XmlElement).get(1) as Y.XmlElement, (oldFragment.get(0) as Y.XmlElement).get(1) as Y.XmlElement));
    expect(done).toMatchObject({ insertedChars: 0, deletedChars: 4 });
    expect((((titulo.get(1) as Y.XmlElement).get(1) as Y.XmlElement).get(0) as Y.XmlText).toString()).toBe('alfa');
    expect((((titulo.get(2) as Y.XmlElement).get(1) as Y.XmlElement).get(0) as Y.XmlText).toString()).toBe('betaana');
  });
});
