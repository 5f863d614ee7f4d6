/**
 * A comparison in the history page's address (`/d/<doc>/history?from=12&to=340`), so that it can be
 * shared and a reload shows the same changes. Log positions never change meaning, so the address
 * names the same comparison for ever. DOM-free.
 */

export interface Comparison {
  from: number;
  to: number;
}

const POSITION = /^[1-9]\d{0,15}$/;

function position(value: string | null): number | null {
  if (value === null || !POSITION.test(value)) return null;
  const seq = Number(value);
  return Number.isSafeInteger(seq) ? seq : null;
}

/** The comparison a query string names; null unless both `from` and `to` are log positions (whole numbers from 1). */
export function comparisonFromSearch(search: string): Comparison | null {
  const query = new URLSearchParams(search);
  const from = position(query.get('from'));
  const to = position(query.get('to'));
  return from === null || to === null ? null : { from, to };
}

/** `search` with the comparison set in it (other parameters kept), as "?…" (or "" when empty). */
export function searchWithComparison(search: string, comparison: Comparison): string {
  const query = new URLSearchParams(search);
  query.set('from', String(comparison.from));
  query.set('to', String(comparison.to));
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}
