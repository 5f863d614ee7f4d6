import { readFileSync } from 'node:fs';
import type { Node as PMNode } from 'prosemirror-model';
import { describe, expect, it } from 'vitest';
import { exportMarkdown } from '../../shared/markdown/markdown-export.ts';
import { importMarkdown } from '../../shared/markdown/markdown-import.ts';
import { legalSchema } from '../../shared/schema/legal-schema.ts';
import { numberDocument } from '../../shared/schema/numbering.ts';
import { b } from '../support/legal-doc-builder.ts';

const constitution = readFileSync(new URL('../../fixtures/constitucion_cdmx.md', import.meta.url), 'utf8');

/** Everything a reader sees, without uids: kind, derived label and text of every node, in order. */
function visibleStructure(doc: PMNode): string[] {
  const labels = new Map(numberDocument(doc).map((n) => [n.node, n.label]));
  const out: string[] = [];
  doc.descendants((node) => {
    if (node.isText) return false;
    out.push(`${node.type.name}|${labels.get(node) ?? ''}|${node.isTextblock ? JSON.stringify(node.content.toJSON()) : ''}`);
    return !node.isTextblock;
  });
  return out;
}

function count(doc: PMNode, kind: string): number {
  let n = 0;
  doc.descendants((node) => {
    if (node.type.name === kind) n++;
  });
  return n;
}

describe('Markdown import and export of the Mexico City constitution', () => {
  const first = importMarkdown(constitution);

  it('imports all 71 articles with their numbers and epígrafes', () => {
    const articles = numberDocument(first.doc).filter((n) => n.kind === 'articulo');
    expect(articles).toHaveLength(71);
    expect(articles.map((a) => a.num)).toEqual(Array.from({ length: 71 }, (_, i) => String(i + 1)));
    expect(articles[12]?.node.firstChild?.textContent).toBe('Ciudad habitable');
    expect(articles[70]?.node.firstChild?.textContent).toBe('Inviolabilidad constitucional');
    expect(first.title).toBe('Constitución Política de la Ciudad de México');
    expect(count(first.doc, 'titulo')).toBe(8);
    expect(count(first.doc, 'transitorio')).toBe(39);
    // Every apartado heading of the source (##### lines) became an apartado.
    expect(count(first.doc, 'apartado')).toBe(constitution.split('\n').filter((l) => l.startsWith('##### ')).length);
  });

  it('keeps every word of the source body text', () => {
    const sourceWords = constitution
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('<!--') && !l.startsWith('#'))
      .join(' ')
      .split(/\s+/).length;
    const body: string[] = [];
    first.doc.descendants((node) => {
      if (['parrafo', 'numeral', 'fraccion', 'inciso'].includes(node.type.name)) body.push(node.textContent);
      return true;
    });
    const labelWords = numberDocument(first.doc).filter((n) => ['numeral', 'fraccion', 'inciso'].includes(n.kind)).length;
    const transitorioWords = numberDocument(first.doc).filter((n) => n.kind === 'transitorio').reduce((sum, n) => sum + n.num.split(' ').length + 1, 0);
    const importedWords = body.join(' ').split(/\s+/).length;
    // The source writes each number as a word ("1.", "IV.", "PRIMERO. -"); the document derives them instead.
    expect(importedWords + labelWords).toBeGreaterThanOrEqual(sourceWords - transitorioWords);
    expect(importedWords + labelWords).toBeLessThanOrEqual(sourceWords);
  });

  it('reports, with line numbers, what it could not place or where typed numbers disagree', () => {
    const comment = first.problems.filter((p) => p.code === 'comment-not-imported');
    expect(comment.map((p) => p.line)).toEqual([3, 3791]);
    const mismatch = first.problems.filter((p) => p.code === 'number-mismatch');
    expect(mismatch.length).toBeGreaterThan(0);
    for (const p of mismatch) expect(constitution.split('\n')[p.line - 1]).toBe(p.text);
  });

  it('round-trips import → export → import with the same structure, numbers and text', () => {
    const markdown = exportMarkdown(first.doc, { title: first.title });
    const second = importMarkdown(markdown);
    expect(second.problems).toEqual([]);
    expect(second.title).toBe(first.title);
    expect(visibleStructure(second.doc)).toEqual(visibleStructure(first.doc));
    expect(exportMarkdown(second.doc, { title: second.title })).toBe(markdown);
  });

  it('reports text it cannot place instead of dropping it silently', () => {
    const result = importMarkdown('# Doc\n\nTexto suelto\n\n## TÍTULO PRIMERO. T\n\n#### Artículo 1. A\n\n1. Uno\n\n### Sección rara\n');
    expect(result.problems.map((p) => [p.line, p.code])).toEqual([
      [3, 'unplaced-text'],
      [11, 'unknown-heading'],
    ]);
    expect(result.problems[0]?.text).toBe('Texto suelto');
  });

  it('keeps marks and escapes text that would read as markup', () => {
    const strong = legalSchema.marks.strong!.create();
    const em = legalSchema.marks.em!.create();
    const link = legalSchema.marks.link!.create({ href: 'https://example.org/a_(b)', title: 'Fuente' });
    const doc = b.doc(
      b.titulo(
        'T',
        b.articulo(
          'x',
          legalSchema.node('parrafo', { uid: 'abcdefgh0001' }, [
            legalSchema.text('Negritas', [strong]),
            legalSchema.text(' y '),
            legalSchema.text('cursivas', [em]),
            legalSchema.text(' y '),
            legalSchema.text('enlace', [link]),
            legalSchema.text(' con *asteriscos* y [corchetes] \\ barra'),
          ]),
          b.parrafo('1. Parece numeral pero no lo es'),
          b.parrafo('IV. Parece fracción'),
          b.parrafo('#### Parece encabezado'),
        ),
      ),
    );
    const markdown = exportMarkdown(doc, { title: 'Prueba' });
    const back = importMarkdown(markdown);
    expect(back.problems).toEqual([]);
    const paras = numberDocument(back.doc).filter((n) => n.kind === 'parrafo').map((n) => n.node);
    expect(paras.map((p) => p.textContent)).toEqual([
      'Negritas y cursivas y enlace con *asteriscos* y [corchetes] \\ barra',
      '1. Parece numeral pero no lo es',
      'IV. Parece fracción',
      '#### Parece encabezado',
    ]);
    const marks = paras[0]!.content.content.map((t) => t.marks.map((m) => m.type.name).join('+'));
    expect(marks).toEqual(['strong', '', 'em', '', 'link', '']);
    expect(paras[0]!.child(4).marks[0]?.attrs.href).toBe('https://example.org/a_%28b%29');
  });

  it('keeps leading and trailing spaces of texts and headings', () => {
    const doc = b.doc(
      b.titulo(' Nombre con espacios ', b.articulo(' Epígrafe ', b.parrafo(' uno '), b.numeral('dos  '), b.parrafo(' 1. no es numeral'), b.parrafo(' '))),
      b.transitorios('TRANSITORIOS', b.transitorio(b.parrafo(' inicio con espacio'))),
    );
    const back = importMarkdown(exportMarkdown(doc, { title: 'Espacios' }));
    expect(back.problems).toEqual([]);
    expect(visibleStructure(back.doc)).toEqual(visibleStructure(doc));
  });
});
