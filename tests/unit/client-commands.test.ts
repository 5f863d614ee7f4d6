import type { Node as PMNode } from 'prosemirror-model';
import { type Command, EditorState, NodeSelection, TextSelection } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { setBlockKind, shiftBlockLevel } from '../../client/editor/commands/change-block-kind.ts';
import { insertApartado } from '../../client/editor/commands/insert-apartado.ts';
import { insertArticle } from '../../client/editor/commands/insert-article.ts';
import { insertBlockAfter, insertSameKindAfter } from '../../client/editor/commands/insert-block.ts';
import { articleSlots, moveArticle } from '../../client/editor/commands/move-article.ts';
import { splitLegalBlock } from '../../client/editor/commands/split-block.ts';
import { uidPlugin } from '../../client/editor/uid-plugin.ts';
import { numberDocument } from '../../shared/schema/numbering.ts';
import { b } from '../support/legal-doc-builder.ts';

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

function at(doc: PMNode, text: string, offset = 0): EditorState {
  const state = EditorState.create({ doc, plugins: [uidPlugin()] });
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, posInText(state.doc, text, offset))));
}

/** Runs a command; returns the new state, or null when the command refused. */
function run(command: Command, state: EditorState): EditorState | null {
  let next: EditorState | null = null;
  const ok = command(state, (tr) => (next = state.apply(tr)));
  if (!ok) return null;
  expect(next).not.toBeNull();
  expect(() => next!.doc.check()).not.toThrow();
  return next;
}

function labelsOf(doc: PMNode, kinds: string[]): string[] {
  return numberDocument(doc)
    .filter((n) => kinds.includes(n.kind))
    .map((n) => `${n.label}${n.node.firstChild?.isTextblock ? ' ' + n.node.firstChild.textContent : n.node.isTextblock ? ' ' + n.node.textContent : ''}`);
}

const doc = (): PMNode =>
  b.doc(
    b.preambulo('Preámbulo'),
    b.titulo(
      'PRIMERO',
      b.articulo('Uno', b.numeral('n1'), b.fraccion('f1')),
      b.articulo('Dos', b.parrafo('p2'), b.apartado('Ap', b.numeral('a1'))),
    ),
    b.titulo('SEGUNDO', b.capitulo('C1', b.articulo('Tres', b.numeral('n3'))), b.capitulo('C2', b.articulo('Cuatro', b.numeral('n4')))),
    b.transitorios('TRANSITORIOS', b.transitorio(b.parrafo('t1')), b.transitorio(b.parrafo('t2'))),
  );

describe('structure commands', () => {
  it('insert an article after the current one, with an empty epígrafe and numeral, cursor in the epígrafe', () => {
    const next = run(insertArticle, at(doc(), 'n1'))!;
    const titulo = next.doc.child(1);
    const created = titulo.child(2);
    expect(created.type.name).toBe('articulo');
    expect(created.childCount).toBe(2);
    expect(created.child(0).type.name).toBe('epigrafe');
    expect(created.child(1).type.name).toBe('numeral');
    expect(next.selection.$from.parent.type.name).toBe('epigrafe');
    expect(next.selection.$from.node(-1)).toBe(created);
    expect(labelsOf(next.doc, ['articulo'])).toEqual(['Artículo 1. Uno', 'Artículo 2. ', 'Artículo 3. Dos', 'Artículo 4. Tres', 'Artículo 5. Cuatro']);
  });

  it('insert the first article of a capítulo from its name, and a transitory article in the transitory section', () => {
    const fromName = run(insertArticle, at(doc(), 'C2'))!;
    expect(fromName.doc.child(2).child(2).child(1).type.name).toBe('articulo');
    expect(labelsOf(fromName.doc, ['articulo']).length).toBe(5);
    const transitory = run(insertArticle, at(doc(), 't1'))!;
    expect(transitory.doc.child(3).childCount).toBe(4);
    expect(transitory.doc.child(3).child(2).textContent).toBe('');
    expect(transitory.selection.$from.parent.type.name).toBe('parrafo');
    expect(run(insertArticle, at(doc(), 'Preámbulo'))).toBeNull();
  });

  it('insert a block of any kind after the current block, or under an epígrafe', () => {
    for (const kind of ['parrafo', 'numeral', 'fraccion', 'inciso'] as const) {
      const next = run(insertBlockAfter(kind), at(doc(), 'n1'))!;
      const article = next.doc.child(1).child(1);
      expect(article.child(2).type.name).toBe(kind);
      expect(article.child(2).textContent).toBe('');
      expect(next.selection.$from.parent).toBe(article.child(2));
    }
    const underHeading = run(insertBlockAfter('numeral'), at(doc(), 'Uno'))!;
    expect(underHeading.doc.child(1).child(1).child(1).textContent).toBe('');
    expect(labelsOf(underHeading.doc, ['numeral']).slice(0, 2)).toEqual(['1. ', '2. n1']);
  });

  it('reuse an empty block (the current one, or a new article’s “1.” below the epígrafe) instead of stacking another', () => {
    const withEmpty = run(insertBlockAfter('numeral'), at(doc(), 'n1'))!;
    const emptyUid = withEmpty.selection.$from.parent.attrs.uid as string;
    const again = run(insertBlockAfter('fraccion'), withEmpty)!;
    const article = again.doc.child(1).child(1);
    expect(article.childCount).toBe(withEmpty.doc.child(1).child(1).childCount);
    expect(article.child(2).type.name).toBe('fraccion');
    expect(article.child(2).attrs.uid).toBe(emptyUid);
    expect(again.selection.$from.parent).toBe(article.child(2));

    // A new article has an empty epígrafe and an empty numeral: "new paragraph" from the epígrafe uses the numeral.
    const inserted = run(insertArticle, at(doc(), 'n1'))!;
    const before = inserted.doc.child(1).child(2);
    const fromHeading = run(insertBlockAfter('parrafo'), inserted)!;
    const fresh = fromHeading.doc.child(1).child(2);
    expect(fresh.childCount).toBe(before.childCount);
    expect(fresh.child(1).type.name).toBe('parrafo');
    expect(fresh.child(1).attrs.uid).toBe(before.child(1).attrs.uid);
  });

  it('make a new article’s empty “1.” the first block of a new apartado instead of leaving it behind', () => {
    const inserted = run(insertArticle, at(doc(), 'n1'))!;
    const emptyUid = inserted.doc.child(1).child(2).child(1).attrs.uid as string;
    const next = run(insertApartado(), inserted)!;
    const article = next.doc.child(1).child(2);
    expect(article.childCount).toBe(2);
    expect(article.child(1).type.name).toBe('apartado');
    expect(article.child(1).child(1).attrs.uid).toBe(emptyUid);
    expect(next.selection.$from.parent.type.name).toBe('apartado_epigrafe');
  });

  it('refuse kinds a container does not allow, and places that hold no blocks', () => {
    expect(run(insertBlockAfter('numeral'), at(doc(), 'Preámbulo'))).toBeNull();
    expect(run(insertBlockAfter('parrafo'), at(doc(), 'Preámbulo'))).not.toBeNull();
    expect(run(insertBlockAfter('numeral'), at(doc(), 'PRIMERO'))).toBeNull();
  });

  it('insert a block of the same kind (Mod-Enter)', () => {
    const next = run(insertSameKindAfter(), at(doc(), 'f1'))!;
    expect(next.doc.child(1).child(1).child(3).type.name).toBe('fraccion');
  });

  it('insert an apartado after the current apartado, or at the end of the article', () => {
    const inApartado = run(insertApartado(), at(doc(), 'a1'))!;
    const article = inApartado.doc.child(1).child(2);
    expect(article.child(3).type.name).toBe('apartado');
    expect(inApartado.selection.$from.parent.type.name).toBe('apartado_epigrafe');
    expect(labelsOf(inApartado.doc, ['apartado'])).toEqual(['A. Ap', 'B. ']);

    const fromBlock = run(insertApartado(), at(doc(), 'n1'))!;
    const first = fromBlock.doc.child(1).child(1);
    expect(first.lastChild?.type.name).toBe('apartado');
    expect(first.child(1).type.name).toBe('numeral');
    expect(run(insertApartado(), at(doc(), 't1'))).toBeNull();
  });

  it('change the kind of the current block and keep its uid', () => {
    const state = at(doc(), 'n1');
    const uid = state.selection.$from.parent.attrs.uid;
    const next = run(setBlockKind('fraccion'), state)!;
    expect(next.selection.$from.parent.type.name).toBe('fraccion');
    expect(next.selection.$from.parent.attrs.uid).toBe(uid);
    const deeper = run(shiftBlockLevel(1), next)!;
    expect(deeper.selection.$from.parent.type.name).toBe('inciso');
    expect(run(shiftBlockLevel(1), deeper)).toBeNull();
    const back = run(shiftBlockLevel(-1), at(doc(), 'f1'))!;
    expect(back.selection.$from.parent.type.name).toBe('numeral');
    expect(run(setBlockKind('numeral'), at(doc(), 'Preámbulo'))).toBeNull();
    expect(run(setBlockKind('numeral'), at(doc(), 'Uno'))).toBeNull();
  });

  it('move an article within its título and keep the cursor in it', () => {
    const next = run(moveArticle('down'), at(doc(), 'n1', 1))!;
    expect(labelsOf(next.doc, ['articulo']).slice(0, 2)).toEqual(['Artículo 1. Dos', 'Artículo 2. Uno']);
    expect(next.selection.$from.parent.textContent).toBe('n1');
    expect(next.selection.$from.parentOffset).toBe(1);
    const back = run(moveArticle('up'), next)!;
    expect(labelsOf(back.doc, ['articulo']).slice(0, 2)).toEqual(['Artículo 1. Uno', 'Artículo 2. Dos']);
  });

  it('move an article across capítulo and título boundaries at the edges', () => {
    // Down from the last article of título PRIMERO: into the first capítulo of título SEGUNDO.
    const crossed = run(moveArticle('down'), at(doc(), 'p2'))!;
    const segundo = crossed.doc.child(2);
    expect(segundo.child(1).child(1).firstChild?.textContent).toBe('Dos');
    expect(labelsOf(crossed.doc, ['articulo'])).toEqual(['Artículo 1. Uno', 'Artículo 2. Dos', 'Artículo 3. Tres', 'Artículo 4. Cuatro']);
    // Up from the first article of capítulo 2: to the end of capítulo 1.
    const up = run(moveArticle('up'), at(doc(), 'n4'))!;
    expect(up.doc.child(2).child(1).childCount).toBe(3);
    expect(up.doc.child(2).child(2).childCount).toBe(1);
    // No way up from the first article, none down from the last.
    expect(run(moveArticle('up'), at(doc(), 'n1'))).toBeNull();
    expect(run(moveArticle('down'), at(doc(), 'n4'))).toBeNull();
  });

  it('move transitory articles only within the transitory section', () => {
    const next = run(moveArticle('down'), at(doc(), 't1'))!;
    expect(next.doc.child(3).child(1).textContent).toBe('t2');
    expect(run(moveArticle('down'), next)).toBeNull();
  });

  it('move a selected article node', () => {
    const state = at(doc(), 'n1');
    const pos = state.doc.resolve(posInText(state.doc, 'n1')).before(2);
    const selected = state.apply(state.tr.setSelection(NodeSelection.create(state.doc, pos)));
    const next = run(moveArticle('down'), selected)!;
    expect(labelsOf(next.doc, ['articulo'])[1]).toBe('Artículo 2. Uno');
  });

  it('list the article slots of the document in order', () => {
    const slots = articleSlots(doc());
    // título PRIMERO's own articles, then capítulos C1 and C2 (título SEGUNDO has no own slot).
    expect(slots.length).toBe(3);
    expect(slots.every((s) => s.start <= s.end)).toBe(true);
  });
});

describe('Enter in legal text', () => {
  it('splits a numeral into two numerals', () => {
    const next = run(splitLegalBlock, at(doc(), 'n1', 1))!;
    const article = next.doc.child(1).child(1);
    expect([article.child(1).type.name, article.child(2).type.name]).toEqual(['numeral', 'numeral']);
    expect([article.child(1).textContent, article.child(2).textContent]).toEqual(['n', '1']);
  });

  it('opens an empty block above when pressed at the start, and the text keeps its uid', () => {
    const state = at(doc(), 'n1', 0);
    const uid = state.selection.$from.parent.attrs.uid;
    const next = run(splitLegalBlock, state)!;
    const article = next.doc.child(1).child(1);
    expect(article.child(1).textContent).toBe('');
    expect(article.child(1).type.name).toBe('numeral');
    expect(article.child(2).attrs.uid).toBe(uid);
    expect(next.selection.$from.parent.attrs.uid).toBe(uid);
  });

  it('starts the body from the end of an epígrafe with the kind that follows', () => {
    const next = run(splitLegalBlock, at(doc(), 'Uno', 3))!;
    const article = next.doc.child(1).child(1);
    expect(article.child(1).type.name).toBe('numeral');
    expect(article.child(1).textContent).toBe('');
    expect(next.selection.$from.parent).toBe(article.child(1));
  });

  it('lifts an empty fracción one level instead of splitting it', () => {
    const withEmpty = run(insertBlockAfter('fraccion'), at(doc(), 'f1'))!;
    const next = run(splitLegalBlock, withEmpty)!;
    expect(next.selection.$from.parent.type.name).toBe('numeral');
    expect(next.doc.child(1).child(1).childCount).toBe(4);
  });
});
