import { describe, expect, it } from 'vitest';
import { numberDocument } from '../../shared/schema/numbering.ts';
import { documentOutline } from '../../shared/schema/outline.ts';
import { b } from '../support/legal-doc-builder.ts';

function labels(doc: ReturnType<typeof b.doc>, kinds: string[]): string[] {
  return numberDocument(doc)
    .filter((n) => kinds.includes(n.kind))
    .map((n) => n.label);
}

describe('numbering derived from position', () => {
  it('numbers articles continuously across títulos and capítulos', () => {
    const doc = b.doc(
      b.titulo('PRIMERO', b.articulo('Uno'), b.articulo('Dos')),
      b.titulo('SEGUNDO', b.capitulo('A', b.articulo('Tres')), b.capitulo('B', b.articulo('Cuatro'))),
    );
    expect(labels(doc, ['titulo'])).toEqual(['TÍTULO PRIMERO.', 'TÍTULO SEGUNDO.']);
    expect(labels(doc, ['capitulo'])).toEqual(['CAPÍTULO I.', 'CAPÍTULO II.']);
    expect(labels(doc, ['articulo'])).toEqual(['Artículo 1.', 'Artículo 2.', 'Artículo 3.', 'Artículo 4.']);
  });

  it('calls the only capítulo of a título ÚNICO', () => {
    const doc = b.doc(b.titulo('T', b.capitulo('Solo', b.articulo('x'))));
    expect(labels(doc, ['capitulo'])).toEqual(['CAPÍTULO ÚNICO.']);
  });

  it('nests fracciones under numerals and incisos under fracciones, restarting each level', () => {
    const doc = b.doc(
      b.titulo(
        'T',
        b.articulo(
          'x',
          b.numeral('uno'),
          b.fraccion('i'),
          b.fraccion('ii'),
          b.inciso('a'),
          b.inciso('b'),
          b.parrafo('texto sin número'),
          b.fraccion('iii'),
          b.numeral('dos'),
          b.fraccion('i de dos'),
        ),
      ),
    );
    const blocks = numberDocument(doc).filter((n) => ['numeral', 'fraccion', 'inciso', 'parrafo'].includes(n.kind));
    expect(blocks.map((n) => n.label)).toEqual(['1.', 'I.', 'II.', 'a)', 'b)', '', 'III.', '2.', 'I.']);
    expect(blocks.map((n) => n.depth)).toEqual([0, 1, 1, 2, 2, 0, 1, 0, 1]);
    expect(blocks[4]?.eId).toBe('tit_1__art_1__para_1__point_II__point_b');
  });

  it('letters apartados and restarts numerals inside each apartado', () => {
    const doc = b.doc(
      b.titulo('T', b.articulo('x', b.apartado('Primero', b.numeral('a1'), b.numeral('a2')), b.apartado('', b.numeral('b1')))),
    );
    expect(labels(doc, ['apartado', 'numeral'])).toEqual(['A.', '1.', '2.', 'B.', '1.']);
  });

  it('names transitory articles with ordinals', () => {
    const doc = b.doc(b.transitorios('TRANSITORIOS', b.transitorio(b.parrafo('a')), b.transitorio(b.parrafo('b'))));
    expect(labels(doc, ['transitorio'])).toEqual(['PRIMERO.-', 'SEGUNDO.-']);
  });

  it('renumbers when an article is inserted, and uids stay with their articles', () => {
    const first = b.articulo('Primero');
    const second = b.articulo('Segundo');
    const before = b.doc(b.titulo('T', first, second));
    const inserted = b.articulo('Nuevo');
    const after = b.doc(b.titulo('T', inserted, first, second));
    const outlineBefore = documentOutline(before).filter((e) => e.kind === 'articulo');
    const outlineAfter = documentOutline(after).filter((e) => e.kind === 'articulo');
    expect(outlineBefore.map((e) => [e.num, e.heading])).toEqual([['1', 'Primero'], ['2', 'Segundo']]);
    expect(outlineAfter.map((e) => [e.num, e.heading])).toEqual([['1', 'Nuevo'], ['2', 'Primero'], ['3', 'Segundo']]);
    expect(outlineAfter[1]?.uid).toBe(outlineBefore[0]?.uid);
    expect(outlineAfter[2]?.uid).toBe(outlineBefore[1]?.uid);
  });
});
