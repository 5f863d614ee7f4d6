/**
 * Passage anchors follow the text: they keep their characters through insertions before, after and
 * inside, shrink with partial deletions, become orphaned when their text is deleted, span several
 * blocks of one article, and can be found again from their quote: anywhere in the article for a
 * member's re-anchoring, and only where their context says they stood for relocation.
 */
import { describe, expect, it } from 'vitest';
import { prosemirrorToYXmlFragment } from 'y-prosemirror';
import * as Y from 'yjs';
import { PROSEMIRROR_FRAGMENT } from '../../shared/protocol/collab.ts';
import { decodeAnchorPosition } from '../../shared/provenance/anchor-codec.ts';
import { ArticleText, articlesByUid } from '../../shared/provenance/article-text.ts';
import { blockTextByUid, passageContext, passageEnds, passageInArticle } from '../../shared/provenance/passage-anchoring.ts';
import { findQuote, findRelocation } from '../../shared/provenance/passage-reanchoring.ts';
import { resolvePassage } from '../../shared/provenance/passage-resolution.ts';
import { b } from '../support/legal-doc-builder.ts';
import { article, epigrafe, newBlock, textBlocks, textOf } from '../support/legal-y-doc.ts';

const ART1 = 'art1-uid-0001';
const ART2 = 'art2-uid-0002';

function makeDoc(): { doc: Y.Doc; fragment: Y.XmlFragment } {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(PROSEMIRROR_FRAGMENT);
  prosemirrorToYXmlFragment(
    b.doc(
      b.preambulo('Nosotras y nosotros'),
      b.titulo(
        'PRIMERO',
        b.articuloWithUid(ART1, 'Ciudad de derechos', b.numeral('La ciudad garantiza el derecho al agua.'), b.numeral('Toda persona tiene derecho a la movilidad.')),
        b.articuloWithUid(ART2, 'Espacio público', b.parrafo('El espacio público es un bien común.')),
      ),
    ),
    fragment,
  );
  return { doc, fragment };
}

/** The passage "derecho al agua" in the first numeral of article 1. */
function waterPassage(fragment: Y.XmlFragment) {
  const text = textOf(textBlocks(fragment)[1] as Y.XmlElement);
  const at = text.toString().indexOf('derecho al agua');
  const ends = passageEnds({ text, offset: at }, { text, offset: at + 'derecho al agua'.length });
  if (!ends) throw new Error('no passage');
  return { text, at, ends };
}

function resolvedText(doc: Y.Doc, ends: { start: string; end: string }): string | null {
  const resolution = resolvePassage(doc, ends);
  return resolution.state === 'live' ? resolution.text : null;
}

describe('passage anchors', () => {
  it('resolve to their quote and name the enclosing article', () => {
    const { doc, fragment } = makeDoc();
    const { ends } = waterPassage(fragment);
    const resolution = resolvePassage(doc, ends);
    expect(resolution.state).toBe('live');
    if (resolution.state !== 'live') return;
    expect(resolution.text).toBe('derecho al agua');
    expect(resolution.articleUid).toBe(ART1);
    const context = passageContext(resolution.article, resolution.from, resolution.to);
    expect(context.prefix).toBe('udad de derechos\nLa ciudad garantiza el ');
    expect(context.suffix).toBe('.\nToda persona tiene derecho a la movili');
  });

  it('keep their text when others type just before, just after, or elsewhere', () => {
    const { doc, fragment } = makeDoc();
    const { text, at, ends } = waterPassage(fragment);
    text.insert(at, 'BEFORE ');
    text.insert(at + 'BEFORE derecho al agua'.length, ' AFTER');
    text.insert(0, 'Start. ');
    epigrafe(article(fragment, 1)).insert(0, 'X');
    expect(resolvedText(doc, ends)).toBe('derecho al agua');
  });

  it('include what is typed inside', () => {
    const { doc, fragment } = makeDoc();
    const { text, at, ends } = waterPassage(fragment);
    text.insert(at + 'derecho'.length, ' humano');
    expect(resolvedText(doc, ends)).toBe('derecho humano al agua');
  });

  it('shrink with partial deletions, at either end or inside', () => {
    const { doc, fragment } = makeDoc();
    const { text, at, ends } = waterPassage(fragment);
    text.delete(at, 'derecho '.length);
    expect(resolvedText(doc, ends)).toBe('al agua');
    text.delete(at + 'al'.length, ' agua.'.length);
    expect(resolvedText(doc, ends)).toBe('al');
  });

  it('are orphaned when all their text is deleted, even if text is typed around', () => {
    const { doc, fragment } = makeDoc();
    const { text, at, ends } = waterPassage(fragment);
    text.delete(at, 'derecho al agua'.length);
    text.insert(at, 'acceso al agua');
    expect(resolvePassage(doc, ends)).toEqual({ state: 'orphaned', reason: 'empty' });
  });

  it('are orphaned when their block is deleted, and found again after a move re-creates it', () => {
    const { doc, fragment } = makeDoc();
    const { ends } = waterPassage(fragment);
    const art = article(fragment, 1);
    // A move is a delete plus a re-insert: the copy has the same uid and text but new characters.
    art.delete(1, 1);
    art.insert(2, [newBlock('numeral', 'La ciudad garantiza el derecho al agua.')]);
    expect(resolvePassage(doc, ends)).toEqual({ state: 'orphaned', reason: 'deleted' });
    const current = new ArticleText(articlesByUid(fragment).get(ART1) as Y.XmlElement);
    const found = findQuote(current, 'derecho al agua', 'La ciudad garantiza el ', '.\nToda');
    expect(found).not.toBeNull();
    const again = passageInArticle(current, found!.from, found!.to);
    expect(resolvedText(doc, again!)).toBe('derecho al agua');
  });

  it('span several blocks of one article, joined by line breaks', () => {
    const { doc, fragment } = makeDoc();
    const [, first, second] = textBlocks(fragment) as Y.XmlElement[];
    const from = textOf(first!);
    const to = textOf(second!);
    const ends = passageEnds({ text: from, offset: from.toString().indexOf('agua') }, { text: to, offset: 'Toda persona'.length });
    expect(resolvedText(doc, ends!)).toBe('agua.\nToda persona');
    // Deleting the first block's part leaves the rest; deleting the second block orphans it.
    from.delete(from.toString().indexOf('agua'), 'agua.'.length);
    expect(resolvedText(doc, ends!)).toBe('\nToda persona');
    article(fragment, 1).delete(2, 1);
    expect(resolvePassage(doc, ends!)).toEqual({ state: 'orphaned', reason: 'deleted' });
  });

  it('are refused across articles and outside articles', () => {
    const { doc, fragment } = makeDoc();
    const blocks = textBlocks(fragment) as Y.XmlElement[];
    const inPreamble = textOf(blocks[0]!);
    const inArt2 = textOf(blocks[3]!);
    const inArt1 = textOf(blocks[1]!);
    expect(resolvePassage(doc, passageEnds({ text: inPreamble, offset: 0 }, { text: inPreamble, offset: 4 })!)).toEqual({ state: 'orphaned', reason: 'outside-article' });
    expect(resolvePassage(doc, passageEnds({ text: inArt1, offset: 0 }, { text: inArt2, offset: 4 })!)).toEqual({ state: 'orphaned', reason: 'outside-article' });
  });

  it('follow concurrent edits merged from another replica', () => {
    const { doc, fragment } = makeDoc();
    const { ends } = waterPassage(fragment);
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    const otherText = textOf(textBlocks(other.getXmlFragment(PROSEMIRROR_FRAGMENT))[1] as Y.XmlElement);
    otherText.insert(otherText.toString().indexOf('al agua'), 'pleno ');
    const { text, at } = waterPassage(fragment);
    text.insert(at, '¡');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    expect(resolvedText(doc, ends)).toBe('derecho pleno al agua');
  });

  it('are made from a block uid, and malformed or root-naming positions are refused', () => {
    const { doc, fragment } = makeDoc();
    const block = textBlocks(fragment)[3] as Y.XmlElement;
    const text = blockTextByUid(fragment, String(block.getAttribute('uid')));
    expect(text).toBe(textOf(block));
    expect(decodeAnchorPosition('not base64!')).toBeNull();
    const byName = Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(doc.getText('other'), 0))).toString('base64');
    expect(decodeAnchorPosition(byName)).toBeNull();
    expect(resolvePassage(doc, { start: byName, end: byName })).toEqual({ state: 'orphaned', reason: 'unresolvable' });
  });

  it('prefer the occurrence of a repeated quote whose context matches', () => {
    const { fragment } = makeDoc();
    const art = articlesByUid(fragment).get(ART1) as Y.XmlElement;
    const current = new ArticleText(art);
    const found = findQuote(current, 'derecho a', 'Toda persona tiene ', ' la movilidad');
    expect(current.flat.slice(found!.from - 'tiene '.length, found!.to + 3)).toBe('tiene derecho a la');
    expect(findQuote(current, 'no existe', '', '')).toBeNull();
  });

  it('are relocated only where their stored context says they stood (one side is enough)', () => {
    const { doc, fragment } = makeDoc();
    const { ends } = waterPassage(fragment);
    const resolution = resolvePassage(doc, ends);
    if (resolution.state !== 'live') throw new Error('not live');
    const { prefix, suffix } = passageContext(resolution.article, resolution.from, resolution.to);
    const art = article(fragment, 1);
    const textNow = (): ArticleText => new ArticleText(articlesByUid(fragment).get(ART1) as Y.XmlElement);
    // The block re-created in place (a move there and back, an undo): both sides match.
    art.delete(1, 1);
    art.insert(1, [newBlock('numeral', 'La ciudad garantiza el derecho al agua.')]);
    expect(resolvePassage(doc, ends).state).toBe('orphaned');
    const again = findRelocation(textNow(), 'derecho al agua', prefix, suffix);
    expect(again && textNow().flat.slice(again.from, again.to)).toBe('derecho al agua');
    // Someone typed just before it since: the suffix still says where it stands.
    const block = textOf(art.get(1) as Y.XmlElement);
    block.insert(block.toString().indexOf('derecho'), 'pleno ');
    expect(findRelocation(textNow(), 'derecho al agua', prefix, suffix)).not.toBeNull();
    // Both sides changed: not where it stood. Elsewhere in the article, without its context: not it either.
    block.insert(block.toString().indexOf('agua') + 'agua'.length, ' potable');
    expect(findRelocation(textNow(), 'derecho al agua', prefix, suffix)).toBeNull();
    art.insert(art.length, [newBlock('numeral', 'Nadie pierde su derecho al agua por deudas.')]);
    expect(findRelocation(textNow(), 'derecho al agua', prefix, suffix)).toBeNull();
    expect(findQuote(textNow(), 'derecho al agua', prefix, suffix)).not.toBeNull();
  });

  it('are relocated at the start of an article only when they stood at its start', () => {
    const { fragment } = makeDoc();
    const current = new ArticleText(articlesByUid(fragment).get(ART1) as Y.XmlElement);
    // An empty stored prefix means "the article's first characters", not "any prefix".
    expect(findRelocation(current, 'derecho', '', ' X')).toBeNull();
    expect(findRelocation(current, 'Ciudad', '', current.flat.slice(6, 46))).toEqual({ from: 0, to: 'Ciudad'.length });
  });
});
