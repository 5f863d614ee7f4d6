/**
 * Making a passage anchor from places in the text (the editor's selection, a test's offsets, or a
 * quote found again), and the quote context stored with it.
 */
import * as Y from 'yjs';
import { encodeAnchorPosition } from './anchor-codec.ts';
import { type ArticleText, type TextPlace } from './article-text.ts';
import { CONTEXT_CHARS } from './link-types.ts';
import type { PassageEnds } from './passage-resolution.ts';

/**
 * The encoded ends of the passage from `start` (its first character) to `end` (just after its last
 * character). Null when the range holds no character.
 */
export function passageEnds(start: TextPlace, end: TextPlace): PassageEnds | null {
  if (start.offset < 0 || start.offset >= start.text.length || end.offset < 1 || end.offset > end.text.length) return null;
  if (start.text === end.text && end.offset <= start.offset) return null;
  // assoc 0 ties the start to the first character, assoc -1 ties the end to the last one: typing
  // just before or just after the passage stays outside it.
  const from = Y.createRelativePositionFromTypeIndex(start.text, start.offset, 0);
  const to = Y.createRelativePositionFromTypeIndex(end.text, end.offset, -1);
  return { start: encodeAnchorPosition(from), end: encodeAnchorPosition(to) };
}

/** The passage covering `[from, to)` of an article's flat text, or null for an empty range. */
export function passageInArticle(article: ArticleText, from: number, to: number): PassageEnds | null {
  if (to <= from) return null;
  const start = article.placeOfStart(from);
  const end = article.placeOfEnd(to);
  if (!start || !end) return null;
  return passageEnds(start, end);
}

/** The XmlText of the text block with this uid (the first such block in document order), or null. */
export function blockTextByUid(fragment: Y.XmlFragment, uid: string): Y.XmlText | null {
  for (const element of fragment.createTreeWalker((type) => type instanceof Y.XmlElement && type.getAttribute('uid') === uid)) {
    if (!(element instanceof Y.XmlElement)) continue;
    const text = element.toArray().find((child): child is Y.XmlText => child instanceof Y.XmlText);
    return text ?? null;
  }
  return null;
}

/** Up to CONTEXT_CHARS characters of the article before and after `[from, to)`. */
export function passageContext(article: ArticleText, from: number, to: number): { prefix: string; suffix: string } {
  return { prefix: article.flat.slice(Math.max(0, from - CONTEXT_CHARS), from), suffix: article.flat.slice(to, to + CONTEXT_CHARS) };
}
