/**
 * The browser's provenance pieces without a browser: a selection becomes the passage the server
 * will accept (ends as Yjs relative positions, the quote as the server reads it), linked passages
 * become decorations that follow other people's edits, and the chart's log scale.
 */
import { EditorState, TextSelection } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { initProseMirrorDoc, prosemirrorToYXmlFragment, ySyncPlugin } from 'y-prosemirror';
import * as Y from 'yjs';
import { linkRanges } from '../../client/provenance/link-ranges.ts';
import { linkDecorationsKey, linkDecorationsPlugin, setLinks } from '../../client/provenance/link-decorations.ts';
import { linkTarget } from '../../client/provenance/selection-passage.ts';
import { bandPositions, logScale } from '../../client/trace/chart-scale.ts';
import { ArticleText, articlesByUid } from '../../shared/provenance/article-text.ts';
import type { LinkMark, LinkRelation } from '../../shared/provenance/link-types.ts';
import { passageInArticle } from '../../shared/provenance/passage-anchoring.ts';
import { findRelocation } from '../../shared/provenance/passage-reanchoring.ts';
import { resolvePassage } from '../../shared/provenance/passage-resolution.ts';
import { PROSEMIRROR_FRAGMENT } from '../../shared/protocol/collab.ts';
import { legalSchema } from '../../shared/schema/legal-schema.ts';
import { b } from '../support/legal-doc-builder.ts';
import { HeadlessView } from './support/headless-view.ts';

const FIRST = 'Las autoridades facilitarán el acceso a la información';
const SECOND = 'Toda persona tiene derecho al agua';

function editor(stale: () => void = () => {}): { ydoc: Y.Doc; fragment: Y.XmlFragment; view: HeadlessView } {
  const ydoc = new Y.Doc();
  const fragment = ydoc.getXmlFragment(PROSEMIRROR_FRAGMENT);
  prosemirrorToYXmlFragment(
    b.doc(b.preambulo('Preámbulo de prueba'), b.titulo('PRIMERO', b.articuloWithUid('articulo-uno', 'Uno', b.parrafo(FIRST), b.numeral(SECOND)), b.articuloWithUid('articulo-dos', 'Dos', b.parrafo('Otro texto')))),
    fragment,
  );
  const { doc, mapping } = initProseMirrorDoc(fragment, legalSchema);
  const view = new HeadlessView(EditorState.create({ schema: legalSchema, doc, plugins: [ySyncPlugin(fragment, { mapping }), linkDecorationsPlugin({ badge: (n, declined) => `${n} fuentes, ${declined} declinadas`, passage: 'Pasaje vinculado' }, stale)] }));
  return { ydoc, fragment, view };
}

/** The ProseMirror position of `text`'s first occurrence (inside a textblock). */
function posOf(state: EditorState, text: string): number {
  let found = -1;
  state.doc.descendants((node, pos) => {
    if (found >= 0 || !node.isText) return found < 0;
    const at = node.text?.indexOf(text) ?? -1;
    if (at >= 0) found = pos + at;
    return false;
  });
  if (found < 0) throw new Error(`"${text}" not found`);
  return found;
}

function select(view: HeadlessView, from: number, to: number): void {
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, from, to)));
}

function markFrom(id: string, articleUid: string, passage: { start: string; end: string } | null, relation: LinkRelation = 'incorporates', sourceId = `src-${id}`, relocated = false): LinkMark {
  return [id, articleUid, sourceId, passage?.start ?? null, passage?.end ?? null, relation, relocated];
}

/** The passage `quote` of the editor's text, as the link dialog would make it. */
function passageFor(view: HeadlessView, fragment: Y.XmlFragment, quote: string): { start: string; end: string; quote: string } {
  const from = posOf(view.state, quote);
  select(view, from, from + quote.length);
  const target = linkTarget(view.state, fragment);
  if (!target.ok || !target.passage) throw new Error('no passage');
  return target.passage;
}

/** A change made by another person: applied to a copy of the document and merged back, as Yjs delivers it. */
function remoteChange(ydoc: Y.Doc, change: (fragment: Y.XmlFragment) => void): void {
  const remote = new Y.Doc();
  Y.applyUpdate(remote, Y.encodeStateAsUpdate(ydoc));
  change(remote.getXmlFragment(PROSEMIRROR_FRAGMENT));
  Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(ydoc)));
}

/** Article `uid`'s Y element in a fragment. */
function yArticle(fragment: Y.XmlFragment, uid: string): Y.XmlElement {
  const found = articlesByUid(fragment).get(uid);
  if (!found) throw new Error(`no article ${uid}`);
  return found;
}

describe('the passage a selection names', () => {
  it('is the selected words of one block, with ends that the shared resolver reads back as the same words', () => {
    const { ydoc, fragment, view } = editor();
    const from = posOf(view.state, 'facilitarán');
    select(view, from, from + 'facilitarán el acceso'.length);
    const target = linkTarget(view.state, fragment);
    expect(target.ok).toBe(true);
    if (!target.ok || !target.passage) throw new Error('no passage');
    expect(target.articleUid).toBe('articulo-uno');
    expect(target.passage.quote).toBe('facilitarán el acceso');
    const resolved = resolvePassage(ydoc, target.passage);
    expect(resolved.state === 'live' && resolved.text).toBe('facilitarán el acceso');
  });

  it('joins the blocks of a selection across paragraphs with a line break', () => {
    const { ydoc, fragment, view } = editor();
    select(view, posOf(view.state, 'la información'), posOf(view.state, 'derecho'));
    const target = linkTarget(view.state, fragment);
    if (!target.ok || !target.passage) throw new Error('no passage');
    expect(target.passage.quote).toBe('la información\nToda persona tiene ');
    const resolved = resolvePassage(ydoc, target.passage);
    expect(resolved.state === 'live' && resolved.text).toBe(target.passage.quote);
  });

  it('names the whole article for a collapsed selection, and refuses selections across articles or outside them', () => {
    const { fragment, view } = editor();
    const inside = posOf(view.state, 'acceso');
    select(view, inside, inside);
    expect(linkTarget(view.state, fragment)).toMatchObject({ ok: true, articleUid: 'articulo-uno', passage: null });
    select(view, inside, posOf(view.state, 'Otro texto') + 2);
    expect(linkTarget(view.state, fragment)).toEqual({ ok: false, reason: 'spans-articles' });
    const preamble = posOf(view.state, 'Preámbulo');
    select(view, preamble, preamble + 3);
    expect(linkTarget(view.state, fragment)).toEqual({ ok: false, reason: 'no-article' });
  });
});

describe('linked passages in the text', () => {
  it('become an inline decoration over the passage and a count on the article', () => {
    const { fragment, view, ydoc } = editor();
    const from = posOf(view.state, 'derecho al agua');
    select(view, from, from + 'derecho al agua'.length);
    const target = linkTarget(view.state, fragment);
    if (!target.ok || !target.passage) throw new Error('no passage');
    const links = [markFrom('l1', 'articulo-uno', target.passage), markFrom('l2', 'articulo-uno', null)];
    const ranges = linkRanges(links, view.state.doc, ydoc);
    expect(ranges.passages).toHaveLength(1);
    const [range] = ranges.passages;
    expect(view.state.doc.textBetween(range?.from ?? 0, range?.to ?? 0)).toBe('derecho al agua');
    expect(ranges.articles.get('articulo-uno')?.sources.size).toBe(2);

    view.dispatch(setLinks(view.state, { links }));
    const decorations = linkDecorationsKey.getState(view.state)?.decorations.find() ?? [];
    expect(decorations.filter((d) => d.from === range?.from && d.to === range?.to)).toHaveLength(1);
  });

  it('follow the passage when someone else types before it', () => {
    const { fragment, view, ydoc } = editor();
    const from = posOf(view.state, 'derecho al agua');
    select(view, from, from + 'derecho al agua'.length);
    const target = linkTarget(view.state, fragment);
    if (!target.ok || !target.passage) throw new Error('no passage');
    view.dispatch(setLinks(view.state, { links: [markFrom('l1', 'articulo-uno', target.passage)] }));

    // Another person's edit arrives through Yjs: text inserted at the start of the same block.
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(ydoc));
    const article = remote.getXmlFragment(PROSEMIRROR_FRAGMENT).get(1) as Y.XmlElement;
    const articleEl = (article.get(1) as Y.XmlElement);
    const numeral = articleEl.get(2) as Y.XmlElement;
    (numeral.get(0) as Y.XmlText).insert(0, 'Además, ');
    Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(ydoc)));

    const decorations = linkDecorationsKey.getState(view.state)?.decorations.find() ?? [];
    const inline = decorations.filter((d) => d.from < d.to && view.state.doc.resolve(d.from).parent.isTextblock);
    expect(inline).toHaveLength(1);
    expect(view.state.doc.textBetween(inline[0]?.from ?? 0, inline[0]?.to ?? 0)).toBe('derecho al agua');
    expect(view.state.doc.textContent).toContain('Además, Toda persona');
  });
});

describe('what the editor counts and watches', () => {
  it('counts sources as the reports do: declined apart, orphaned passages not at all', () => {
    const { fragment, view, ydoc } = editor();
    const live = passageFor(view, fragment, 'derecho al agua');
    const gone = passageFor(view, fragment, 'facilitarán');
    remoteChange(ydoc, (remote) => {
      const block = yArticle(remote, 'articulo-uno').get(1) as Y.XmlElement;
      const text = block.get(0) as Y.XmlText;
      text.delete(text.toString().indexOf('facilitarán'), 'facilitarán'.length);
    });
    const marks = [
      markFrom('l1', 'articulo-uno', live, 'incorporates', 'src-a'),
      markFrom('l2', 'articulo-uno', null, 'declined', 'src-b'),
      markFrom('l3', 'articulo-uno', null, 'declined', 'src-a'),
      markFrom('l4', 'articulo-uno', gone, 'adapts', 'src-c'),
      markFrom('l5', 'articulo-dos', null, 'declined', 'src-d'),
    ];
    const ranges = linkRanges(marks, view.state.doc, ydoc);
    expect([...(ranges.articles.get('articulo-uno')?.sources ?? [])]).toEqual(['src-a']);
    expect([...(ranges.articles.get('articulo-uno')?.declined ?? [])]).toEqual(['src-b']);
    expect(ranges.articles.get('articulo-dos')).toMatchObject({ sources: new Set(), declined: new Set(['src-d']) });
    // The orphaned passage is watched: an undo may bring its text back.
    expect([...ranges.watched.keys()]).toEqual(['articulo-uno']);

    view.dispatch(setLinks(view.state, { links: marks }));
    const decorations = linkDecorationsKey.getState(view.state)?.decorations.find() ?? [];
    const badges = decorations.map((d) => (d as unknown as { type: { attrs: Record<string, string> } }).type.attrs).filter((attrs) => 'data-sources' in attrs);
    expect(badges.map((attrs) => attrs['data-sources-label']).sort()).toEqual(['0 fuentes, 1 declinadas', '1 fuentes, 1 declinadas']);
    const passages = decorations.map((d) => (d as unknown as { type: { attrs: Record<string, string> } }).type.attrs).filter((attrs) => 'data-link' in attrs);
    // A <mark> with a description: announced by screen readers, never part of the document.
    expect(passages).toEqual([expect.objectContaining({ nodeName: 'mark', 'aria-description': 'Pasaje vinculado', 'data-link': 'l1' })]);
  });

  it('marks a relocated passage at the ends the server sends', () => {
    const { fragment, view, ydoc } = editor();
    const passage = passageFor(view, fragment, 'derecho al agua');
    const original = new ArticleText(yArticle(fragment, 'articulo-uno'));
    const at = original.flat.indexOf('derecho al agua');
    const context = { prefix: original.flat.slice(Math.max(0, at - 40), at), suffix: original.flat.slice(at + 15, at + 55) };
    // The article moves (a delete plus a re-insert): the passage's own ends resolve no more.
    remoteChange(ydoc, (remote) => {
      const art = yArticle(remote, 'articulo-uno');
      const parent = art.parent as Y.XmlElement;
      const copy = art.clone();
      parent.delete(parent.toArray().indexOf(art), 1);
      parent.insert(parent.length, [copy]);
    });
    expect(linkRanges([markFrom('l1', 'articulo-uno', passage)], view.state.doc, ydoc).passages).toEqual([]);
    // What the server sends for it: the ends where its quote stands again (server/provenance/live-provenance-view.ts).
    const moved = new ArticleText(yArticle(fragment, 'articulo-uno'));
    const found = findRelocation(moved, 'derecho al agua', context.prefix, context.suffix);
    const ends = found && passageInArticle(moved, found.from, found.to);
    if (!ends) throw new Error('not relocated');
    const ranges = linkRanges([markFrom('l1', 'articulo-uno', ends, 'incorporates', 'src-l1', true)], view.state.doc, ydoc);
    expect(ranges.passages).toEqual([expect.objectContaining({ linkId: 'l1', relocated: true })]);
    expect(view.state.doc.textBetween(ranges.passages[0]!.from, ranges.passages[0]!.to)).toBe('derecho al agua');
    expect([...ranges.watched.keys()]).toEqual(['articulo-uno']);
  });

  it('tells the page when a mark stops resolving, and when an article with an unresolved mark changes', () => {
    let asked = 0;
    const { fragment, view, ydoc } = editor(() => asked++);
    const passage = passageFor(view, fragment, 'derecho al agua');
    view.dispatch(setLinks(view.state, { links: [markFrom('l1', 'articulo-uno', passage)] }));
    expect(asked).toBe(0);
    // Someone else types elsewhere: nothing to ask.
    remoteChange(ydoc, (remote) => ((yArticle(remote, 'articulo-dos').get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Nuevo. '));
    expect(asked).toBe(0);
    // The passage's text is deleted: ask (the server may find it again where it stood).
    remoteChange(ydoc, (remote) => {
      const text = (yArticle(remote, 'articulo-uno').get(2) as Y.XmlElement).get(0) as Y.XmlText;
      text.delete(text.toString().indexOf('derecho al agua'), 'derecho al agua'.length);
    });
    expect(asked).toBe(1);
    // Changes in the other article do not ask again; a change in its own article does (an undo may
    // have brought the text back), and so does this person's own typing there.
    remoteChange(ydoc, (remote) => ((yArticle(remote, 'articulo-dos').get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Otro. '));
    expect(asked).toBe(1);
    remoteChange(ydoc, (remote) => ((yArticle(remote, 'articulo-uno').get(2) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Sí: '));
    expect(asked).toBe(2);
    view.dispatch(view.state.tr.insertText('x', posOf(view.state, 'Sí: ')));
    expect(asked).toBe(3);
    view.dispatch(view.state.tr.insertText('y', posOf(view.state, 'Otro. ')));
    expect(asked).toBe(3);
  });
});

describe('the signatures chart scale', () => {
  it('spans whole powers of ten and puts the thresholds in order between them', () => {
    const scale = logScale([37, 5_000, 10_000, 50_000, 123_456], 300, 0);
    expect(scale.domain).toEqual([10, 1_000_000]);
    expect(scale.ticks).toEqual([10, 100, 1_000, 10_000, 100_000, 1_000_000]);
    expect(scale.at(10)).toBe(300);
    expect(scale.at(1_000_000)).toBe(0);
    expect(scale.at(10_000)).toBeCloseTo(120);
    expect(scale.at(5_000)).toBeGreaterThan(scale.at(10_000));
    expect(scale.at(0)).toBe(300);
  });

  it('spreads the petitions evenly', () => {
    expect(bandPositions(4, 0, 100)).toEqual([12.5, 37.5, 62.5, 87.5]);
    expect(bandPositions(0, 0, 100)).toEqual([]);
  });
});
