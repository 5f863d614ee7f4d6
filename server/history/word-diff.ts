/**
 * A diff of two texts for people to read: first word by word (words and the spaces between them are
 * tokens, and the longest common subsequence of tokens stays), then, inside each stretch where
 * words were replaced, character by character at its ends — so "Toda" → "Todas" is one inserted
 * "s", not a removed word and an added one. Legal paragraphs are short (hundreds of words), so a
 * table after trimming the common start and end is fast enough; a paragraph pair too large for
 * the table is replaced whole (still trimmed at its ends).
 */
import type { DiffOp } from '../../shared/history/history-types.ts';

export type { DiffOp };

/** Above this many table cells, a changed block is shown as removed and re-written. */
const MAX_CELLS = 4_000_000;

export function tokenize(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

export function diffTokens(older: readonly string[], newer: readonly string[]): Array<{ op: DiffOp; text: string }> {
  let start = 0;
  while (start < older.length && start < newer.length && older[start] === newer[start]) start++;
  let endOlder = older.length;
  let endNewer = newer.length;
  while (endOlder > start && endNewer > start && older[endOlder - 1] === newer[endNewer - 1]) {
    endOlder--;
    endNewer--;
  }
  const out: Array<{ op: DiffOp; text: string }> = [];
  const push = (op: DiffOp, text: string): void => {
    const last = out.at(-1);
    if (last && last.op === op) last.text += text;
    else if (text) out.push({ op, text });
  };
  push('equal', older.slice(0, start).join(''));
  const a = older.slice(start, endOlder);
  const b = newer.slice(start, endNewer);
  if (a.length * b.length > MAX_CELLS) {
    push('delete', a.join(''));
    push('insert', b.join(''));
  } else {
    // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
    const width = b.length + 1;
    const lcs = new Uint32Array((a.length + 1) * width);
    for (let i = a.length - 1; i >= 0; i--) {
      for (let j = b.length - 1; j >= 0; j--) {
        lcs[i * width + j] = a[i] === b[j] ? (lcs[(i + 1) * width + j + 1] as number) + 1 : Math.max(lcs[(i + 1) * width + j] as number, lcs[i * width + j + 1] as number);
      }
    }
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) {
        push('equal', a[i] as string);
        i++;
        j++;
      } else if ((lcs[(i + 1) * width + j] as number) >= (lcs[i * width + j + 1] as number)) push('delete', a[i++] as string);
      else push('insert', b[j++] as string);
    }
    while (i < a.length) push('delete', a[i++] as string);
    while (j < b.length) push('insert', b[j++] as string);
  }
  push('equal', older.slice(endOlder).join(''));
  return out;
}

/** A piece of a diff: what happened to `text`, with whatever else the caller attaches (who did it). */
interface OpPiece {
  op: DiffOp;
  text: string;
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** The characters [from, to) of the pieces' joined text, each part keeping its own piece's fields. */
function slicePieces<T extends OpPiece>(pieces: readonly T[], from: number, to: number): T[] {
  const out: T[] = [];
  let at = 0;
  for (const piece of pieces) {
    const start = Math.max(from, at);
    const end = Math.min(to, at + piece.text.length);
    if (end > start) out.push({ ...piece, text: piece.text.slice(start - at, end - at) });
    at += piece.text.length;
  }
  return out;
}

/**
 * Narrows every stretch of deletions and insertions (with no equal text between them) to what
 * really differs: the characters the removed and the added text share at their start and at their
 * end are equal text. The stretch's deletions come first, then its insertions, each in its order.
 * `equal` makes an equal piece. Surrogate pairs are never cut in two.
 */
export function trimReplacements<T extends OpPiece>(pieces: readonly T[], equal: (text: string) => T): T[] {
  const out: T[] = [];
  let deletes: T[] = [];
  let inserts: T[] = [];
  const flush = (): void => {
    if (deletes.length === 0 || inserts.length === 0) {
      out.push(...deletes, ...inserts);
    } else {
      const removed = deletes.map((p) => p.text).join('');
      const added = inserts.map((p) => p.text).join('');
      let prefix = 0;
      const most = Math.min(removed.length, added.length);
      while (prefix < most && removed.charCodeAt(prefix) === added.charCodeAt(prefix)) prefix++;
      if (prefix > 0 && isHighSurrogate(removed.charCodeAt(prefix - 1))) prefix--;
      let suffix = 0;
      while (suffix < most - prefix && removed.charCodeAt(removed.length - 1 - suffix) === added.charCodeAt(added.length - 1 - suffix)) suffix++;
      if (suffix > 0 && isLowSurrogate(removed.charCodeAt(removed.length - suffix))) suffix--;
      if (prefix > 0) out.push(equal(removed.slice(0, prefix)));
      out.push(...slicePieces(deletes, prefix, removed.length - suffix), ...slicePieces(inserts, prefix, added.length - suffix));
      if (suffix > 0) out.push(equal(removed.slice(removed.length - suffix)));
    }
    deletes = [];
    inserts = [];
  };
  for (const piece of pieces) {
    if (piece.op === 'delete') deletes.push(piece);
    else if (piece.op === 'insert') inserts.push(piece);
    else {
      flush();
      out.push(piece);
    }
  }
  flush();
  return out;
}

/** The edit from `older` to `newer`: word by word, narrowed to the characters inside replaced words. */
export function diffText(older: string, newer: string): Array<{ op: DiffOp; text: string }> {
  if (older === newer) return older ? [{ op: 'equal', text: older }] : [];
  const pieces = trimReplacements(diffTokens(tokenize(older), tokenize(newer)), (text) => ({ op: 'equal' as const, text }));
  // Neighbouring equal pieces (a trimmed end beside unchanged words) become one.
  const out: Array<{ op: DiffOp; text: string }> = [];
  for (const piece of pieces) {
    const last = out.at(-1);
    if (last && last.op === piece.op) last.text += piece.text;
    else if (piece.text) out.push({ ...piece });
  }
  return out;
}
