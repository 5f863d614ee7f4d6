/**
 * A rendered text with a place left under each article for what changes far more often than the
 * text: the comment and support counts. The text is rendered once and kept (reading-room-pages.ts);
 * each page fills the places with the counts of the moment, which costs a join, not a rendering.
 */

export interface SlottedText {
  /** The HTML around the places: `pieces[i]` comes before the place of `slots[i]`; one more piece than places. */
  pieces: readonly string[];
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
  return { pieces, slots };
}

/** The text with each place filled by `fill(uid)` (HTML the caller made safe). */
export function fillSlots(text: SlottedText, fill: (uid: string) => string): string {
  const out: string[] = [text.pieces[0] ?? ''];
  text.slots.forEach((uid, i) => out.push(fill(uid), text.pieces[i + 1] ?? ''));
  return out.join('');
}

/** Characters of HTML without the places, for weighing the text in a cache. */
export function slottedLength(text: SlottedText): number {
  return text.pieces.reduce((sum, piece) => sum + piece.length, 0);
}
