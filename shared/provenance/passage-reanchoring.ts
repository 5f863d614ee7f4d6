/**
 * Finding an orphaned passage's quote again in its article (after a move re-created the text, or an
 * undo brought it back as new characters), preferring the occurrence whose surroundings match the
 * stored context best.
 */
import type { ArticleText } from './article-text.ts';

/** Occurrences looked at; a quote repeated more often than this is ambiguous anyway. */
const MAX_OCCURRENCES = 1000;

function commonSuffixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function commonPrefixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** The range `[from, to)` of the best occurrence of `quote` in the article, or null when it does not occur. */
export function findQuote(article: ArticleText, quote: string, prefix: string, suffix: string): { from: number; to: number } | null {
  if (quote.replaceAll('\n', '') === '') return null;
  const flat = article.flat;
  let best: { from: number; score: number } | null = null;
  let seen = 0;
  for (let at = flat.indexOf(quote); at !== -1 && seen < MAX_OCCURRENCES; at = flat.indexOf(quote, at + 1), seen++) {
    const before = flat.slice(Math.max(0, at - prefix.length), at);
    const after = flat.slice(at + quote.length, at + quote.length + suffix.length);
    const score = commonSuffixLength(before, prefix) + commonPrefixLength(after, suffix);
    if (!best || score > best.score) best = { from: at, score };
  }
  return best ? { from: best.from, to: best.from + quote.length } : null;
}
