/**
 * Finding an orphaned passage's quote again in its article (after a move re-created the text, or an
 * undo brought it back as new characters): anywhere, preferring the occurrence whose surroundings
 * match the stored context best (for a member's re-anchoring), or only where the stored context says
 * the passage stood (for resolving it as relocated without anyone's action).
 */
import type { ArticleText } from './article-text.ts';
import { CONTEXT_CHARS } from './link-types.ts';

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

/**
 * The best occurrence of `quote` among those `accept` lets through (all, by default), or null.
 * `accept` sees where the occurrence starts in the article's flat text.
 */
function bestOccurrence(
  article: ArticleText,
  quote: string,
  prefix: string,
  suffix: string,
  accept: (at: number) => boolean = () => true,
): { from: number; to: number } | null {
  if (quote.replaceAll('\n', '') === '') return null;
  const flat = article.flat;
  let best: { from: number; score: number } | null = null;
  let seen = 0;
  for (let at = flat.indexOf(quote); at !== -1 && seen < MAX_OCCURRENCES; at = flat.indexOf(quote, at + 1), seen++) {
    if (!accept(at)) continue;
    const before = flat.slice(Math.max(0, at - prefix.length), at);
    const after = flat.slice(at + quote.length, at + quote.length + suffix.length);
    const score = commonSuffixLength(before, prefix) + commonPrefixLength(after, suffix);
    if (!best || score > best.score) best = { from: at, score };
  }
  return best ? { from: best.from, to: best.from + quote.length } : null;
}

/** The range `[from, to)` of the best occurrence of `quote` in the article, or null when it does not occur. */
export function findQuote(article: ArticleText, quote: string, prefix: string, suffix: string): { from: number; to: number } | null {
  return bestOccurrence(article, quote, prefix, suffix);
}

/**
 * The occurrence of `quote` that stands where the passage stood: the text just before it is exactly
 * the stored prefix, or the text just after it is exactly the stored suffix, both read as the server
 * read them when the link was made (CONTEXT_CHARS either side, cut at the article's ends, see
 * passageContext). This is how a passage whose characters were re-created — the article or block
 * moved (a delete plus a re-insert in Yjs), or an undo brought a deletion back as new characters —
 * is recognised as the same passage. One matching side is enough, so an edit just before or just
 * after the passage since it was linked does not lose it; an occurrence elsewhere, with neither
 * side as stored, is not this passage (a member may still re-anchor to it: findQuote). Null when no
 * occurrence matches; of several, the one whose context matches best.
 */
export function findRelocation(article: ArticleText, quote: string, prefix: string, suffix: string): { from: number; to: number } | null {
  const flat = article.flat;
  return bestOccurrence(article, quote, prefix, suffix, (at) => {
    const end = at + quote.length;
    return flat.slice(Math.max(0, at - CONTEXT_CHARS), at) === prefix || flat.slice(end, end + CONTEXT_CHARS) === suffix;
  });
}
