/**
 * The legend of an article's blame: each person whose words the article holds, with their colour
 * and how many of its characters they wrote, most first, so that the colours can be read without
 * hovering (and by a screen reader). DOM-free.
 */
import type { BlameAnswer } from './history-api.ts';

export interface BlameShare {
  /** Null for text from before the log named anyone. */
  userId: string | null;
  name: string | null;
  /** Characters of the article's current text, as a person counts them (code points). */
  characters: number;
}

/** Each author's share of the article's text, most characters first (ties: people before nobody, then by name and id). */
export function blameShares(blame: BlameAnswer): BlameShare[] {
  const counts = new Map<string | null, number>();
  for (const block of blame.blocks) {
    for (const run of block.runs) {
      const who = run.stamp?.userId ?? null;
      counts.set(who, (counts.get(who) ?? 0) + [...run.text].length);
    }
  }
  return [...counts]
    .filter(([, characters]) => characters > 0)
    .map(([userId, characters]) => ({ userId, name: userId === null ? null : (blame.people[userId] ?? null), characters }))
    .sort(
      (a, b) =>
        b.characters - a.characters ||
        // On a tie, named people before the text nobody is known to have written.
        Number(a.userId === null) - Number(b.userId === null) ||
        (a.name ?? a.userId ?? '').localeCompare(b.name ?? b.userId ?? '') ||
        (a.userId ?? '').localeCompare(b.userId ?? ''),
    );
}
