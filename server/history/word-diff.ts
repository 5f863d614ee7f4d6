/**
 * A word-level diff of two texts: words and the spaces between them are tokens, and the longest
 * common subsequence of tokens stays; the rest is inserted or deleted. Legal paragraphs are short
 * (hundreds of words), so a table after trimming the common start and end is fast enough; a
 * paragraph pair too large for the table is reported as replaced whole.
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
