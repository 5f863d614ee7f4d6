/**
 * What "Vincular a fuente" links: the passage the person selected, or the whole article when the
 * selection is collapsed. The passage's ends are Yjs relative positions in the blocks' Y.XmlTexts
 * and its quote is the article's text between them (blocks joined by "\n"), computed exactly as the
 * server reads it back (shared/provenance/article-text.ts), so the server's check agrees.
 */
import type { EditorState } from 'prosemirror-state';
import type * as Y from 'yjs';
import { ArticleText } from '../../shared/provenance/article-text.ts';
import { passageInArticle } from '../../shared/provenance/passage-anchoring.ts';
import { ancestorOf } from '../editor/commands/structure-context.ts';
import { LINKABLE_ARTICLES, textPositions, type TextPositions, yArticleAt } from './article-positions.ts';

export interface PassageToLink {
  start: string;
  end: string;
  quote: string;
}

export type LinkTarget =
  | { ok: true; articleUid: string; articlePos: number; passage: PassageToLink | null }
  | {
      ok: false;
      /**
       * no-article: the selection is outside every article (preámbulo, a título's name);
       * spans-articles: it starts and ends in different articles;
       * out-of-sync: the editor and the shared document disagree for a moment (try again);
       * empty: only block breaks are selected.
       */
      reason: 'no-article' | 'spans-articles' | 'out-of-sync' | 'empty';
    };

/** The flat offset where a selection starting at `pos` starts: the first text that ends at or after it. */
function flatStart(article: ArticleText, positions: TextPositions, pos: number): number | null {
  for (const text of article.texts) {
    const start = positions.get(text);
    if (start === undefined) return null;
    if (start + text.length >= pos) return article.flatOffset(text, Math.max(0, pos - start));
  }
  return article.flat.length;
}

/** The flat offset where a selection ending at `pos` ends: the last text that starts at or before it. */
function flatEnd(article: ArticleText, positions: TextPositions, pos: number): number | null {
  for (let i = article.texts.length - 1; i >= 0; i--) {
    const text = article.texts[i] as Y.XmlText;
    const start = positions.get(text);
    if (start === undefined) return null;
    if (start <= pos) return article.flatOffset(text, Math.min(text.length, pos - start));
  }
  return 0;
}

/** The article and passage the current selection names, read against the Y fragment bound to the editor. */
export function linkTarget(state: EditorState, fragment: Y.XmlFragment): LinkTarget {
  const { selection, doc } = state;
  const first = ancestorOf(selection.$from, LINKABLE_ARTICLES);
  const last = ancestorOf(selection.$to, LINKABLE_ARTICLES);
  if (!first || !last) return { ok: false, reason: first || last ? 'spans-articles' : 'no-article' };
  if (first.pos !== last.pos) return { ok: false, reason: 'spans-articles' };
  const uid: unknown = first.node.attrs.uid;
  if (typeof uid !== 'string') return { ok: false, reason: 'no-article' };
  if (selection.empty) return { ok: true, articleUid: uid, articlePos: first.pos, passage: null };

  const yArticle = yArticleAt(fragment, doc, first.pos);
  const positions = yArticle ? textPositions(doc, first.pos, yArticle) : null;
  if (!yArticle || !positions) return { ok: false, reason: 'out-of-sync' };
  const article = new ArticleText(yArticle);
  let from = flatStart(article, positions, selection.from);
  let to = flatEnd(article, positions, selection.to);
  if (from === null || to === null) return { ok: false, reason: 'out-of-sync' };
  // A selection that starts at the end of a block or ends at the start of one holds a block break
  // at its edge; the passage is the characters, so the breaks at the edges are left out.
  while (from < to && article.flat[from] === '\n') from++;
  while (to > from && article.flat[to - 1] === '\n') to--;
  const quote = article.flat.slice(from, to);
  if (quote.replaceAll('\n', '') === '') return { ok: false, reason: 'empty' };
  const ends = passageInArticle(article, from, to);
  if (!ends) return { ok: false, reason: 'empty' };
  return { ok: true, articleUid: uid, articlePos: first.pos, passage: { ...ends, quote } };
}
