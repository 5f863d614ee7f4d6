/**
 * Where a passage is now. Its ends are Yjs relative positions, so they follow the characters they
 * are tied to through everyone's edits; this reads them against a document without changing it.
 */
import * as Y from 'yjs';
import { decodeAnchorPosition } from './anchor-codec.ts';
import { ArticleTextCache, type ArticleText, articleUidOf, enclosingArticle, isLiveType } from './article-text.ts';

/** The two encoded ends of a passage (start tied to its first character, end to its last). */
export interface PassageEnds {
  start: string;
  end: string;
}

export type OrphanReason =
  /** An end is not a well-formed position, or refers to state this document does not have. */
  | 'unresolvable'
  /** The text an end was in was deleted (with its block, or its article, or moved elsewhere). */
  | 'deleted'
  /** An end is outside every article, or the ends are in different articles. */
  | 'outside-article'
  /** Every character between the ends was deleted. */
  | 'empty';

export type PassageResolution =
  | {
      state: 'live';
      article: ArticleText;
      articleUid: string;
      /** The text between the ends now (blocks joined by "\n"). */
      text: string;
      /** The range in the article's flat text. */
      from: number;
      to: number;
    }
  | { state: 'orphaned'; reason: OrphanReason };

function locate(doc: Y.Doc, encoded: string): { type: Y.XmlText; index: number } | OrphanReason {
  const position = decodeAnchorPosition(encoded);
  if (!position) return 'unresolvable';
  const absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
  if (!absolute) return 'deleted';
  // Yjs still answers with an index when the item's parent was deleted; a deleted text is gone.
  if (!(absolute.type instanceof Y.XmlText) || !isLiveType(absolute.type)) return 'deleted';
  return { type: absolute.type, index: absolute.index };
}

/** Resolves a passage against `doc` (read-only). `articles` memoises article texts across calls. */
export function resolvePassage(doc: Y.Doc, ends: PassageEnds, articles: ArticleTextCache = new ArticleTextCache()): PassageResolution {
  const start = locate(doc, ends.start);
  if (typeof start === 'string') return { state: 'orphaned', reason: start };
  const end = locate(doc, ends.end);
  if (typeof end === 'string') return { state: 'orphaned', reason: end };
  const article = enclosingArticle(start.type);
  if (!article || enclosingArticle(end.type) !== article) return { state: 'orphaned', reason: 'outside-article' };
  const text = articles.of(article);
  const from = text.flatOffset(start.type, start.index);
  const to = text.flatOffset(end.type, end.index);
  if (from === null || to === null) return { state: 'orphaned', reason: 'outside-article' };
  const between = to > from ? text.flat.slice(from, to) : '';
  // Only block breaks left means every character of the passage is gone.
  if (between.replaceAll('\n', '') === '') return { state: 'orphaned', reason: 'empty' };
  return { state: 'live', article: text, articleUid: articleUidOf(article), text: between, from, to };
}
