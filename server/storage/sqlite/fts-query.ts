/**
 * Turns what a person typed into an FTS5 query that cannot be misread as FTS5 syntax: every word
 * becomes a quoted prefix term ("via"* "publ"*), all of which must match. Operators, column
 * filters, quotes and parentheses in the input are just separators, never syntax.
 */

/** More words than this add nothing to a search box query but cost time. */
export const MAX_QUERY_TERMS = 16;
/** A longer "word" is not a word someone typed to find something. */
const MAX_TERM_LENGTH = 64;

/** The FTS5 MATCH expression for `text`, or null when it holds no word to search for. */
export function ftsQueryFor(text: string): string | null {
  // NFC first so that a decomposed "í" (i + combining accent) is one letter, like the indexed text.
  const words = text.normalize('NFC').match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
  const terms = words
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .slice(0, MAX_QUERY_TERMS)
    .map((word) => `"${word.slice(0, MAX_TERM_LENGTH)}"*`);
  return terms.length === 0 ? null : terms.join(' ');
}
