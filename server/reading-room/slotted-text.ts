/**
 * A rendered text with a place left under each article for what changes far more often than the
 * text: the comment and support counts. The text is rendered once and kept (reading-room-pages.ts),
 * already as UTF-8 bytes; each page fills the places with the counts of the moment, which costs
 * copying bytes, not a rendering nor encoding the constitution again.
 */

export interface SlottedText {
  /** The HTML around the places, as UTF-8: `pieces[i]` comes before the place of `slots[i]`; one more piece than places. */
  pieces: readonly Buffer[];
  /** The article uid of each place, in document order. */
  slots: readonly string[];
}

/** A line of rendered HTML, or the place under the article with this uid. */
export type SlottedLine = string | { slot: string };

/** The lines joined by newlines, split at the places. */
export function slottedText(lines: readonly SlottedLine[]): SlottedText {
  const pieces: string[] = [];
  const slots: string[] = [];
  let current = '';
  lines.forEach((line, i) => {
    const separator = i === 0 ? '' : '\n';
    if (typeof line === 'string') {
      current += separator + line;
    } else {
      pieces.push(current + separator);
      slots.push(line.slot);
      current = '';
    }
  });
  pieces.push(current);
  return { pieces: pieces.map((piece) => Buffer.from(piece)), slots };
}

/** The text with each place filled by `fill(uid)` (HTML the caller made safe), as UTF-8, between `before` and `after`. */
export function fillSlots(text: SlottedText, fill: (uid: string) => string, before = '', after = ''): Buffer {
  const out: Buffer[] = [Buffer.from(before)];
  text.slots.forEach((uid, i) => out.push(text.pieces[i] ?? EMPTY, Buffer.from(fill(uid))));
  out.push(text.pieces[text.slots.length] ?? EMPTY, Buffer.from(after));
  return Buffer.concat(out);
}

const EMPTY = Buffer.alloc(0);

/** Bytes of HTML without the places, for weighing the text in a cache. */
export function slottedLength(text: SlottedText): number {
  return text.pieces.reduce((sum, piece) => sum + piece.length, 0);
}
