/**
 * The people present, from Yjs awareness. The server rewrites each connection's `user` field to
 * the authenticated identity, so names and colours here can be trusted as much as the sign-in.
 * One person with two tabs open appears once.
 */

export interface Person {
  /** Stable key for the list (the user id when known, else name and colour). */
  key: string;
  name: string;
  color: string;
  initials: string;
}

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;
const FALLBACK_COLOUR = '#5b5f66';

/** "Ana María López" → "AL"; one word → its first two letters; nothing → "?". */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter((w) => w !== '');
  const first = words[0];
  if (!first) return '?';
  const letters = (word: string): string[] => Array.from(word.replace(/[^\p{L}\p{N}]/gu, ''));
  if (words.length === 1) return letters(first).slice(0, 2).join('').toUpperCase() || '?';
  const last = words[words.length - 1] ?? first;
  return `${letters(first)[0] ?? ''}${letters(last)[0] ?? ''}`.toUpperCase() || '?';
}

/** The `user` field of a presence state, checked; null when it has none or a malformed one. */
export function presenceUser(state: unknown): { id: string | null; name: string; color: string } | null {
  if (typeof state !== 'object' || state === null) return null;
  const user = (state as { user?: unknown }).user;
  if (typeof user !== 'object' || user === null) return null;
  const { id, name, color } = user as { id?: unknown; name?: unknown; color?: unknown };
  if (typeof name !== 'string' || name.trim() === '') return null;
  return {
    id: typeof id === 'string' ? id : null,
    name: name.trim(),
    color: typeof color === 'string' && HEX_COLOUR.test(color) ? color : FALLBACK_COLOUR,
  };
}

/**
 * The other people present: every awareness state except this client's own (and, when the user
 * id is known, except this person's other tabs), one entry per person, sorted by name.
 */
export function peoplePresent(states: ReadonlyMap<number, unknown>, selfClientId: number, selfUserId: string | null): Person[] {
  const byKey = new Map<string, Person>();
  for (const [clientId, state] of states) {
    if (clientId === selfClientId) continue;
    const user = presenceUser(state);
    if (!user) continue;
    if (selfUserId !== null && user.id === selfUserId) continue;
    const key = user.id ?? `${user.name}\u0000${user.color}`;
    if (!byKey.has(key)) byKey.set(key, { key, name: user.name, color: user.color, initials: initialsOf(user.name) });
  }
  return [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name, 'es'));
}
