/**
 * Stable identifiers for structural nodes (títulos, artículos, fracciones …).
 *
 * A uid is created once, when a node is first made, and then travels with the node through
 * renumbering, moves and undo. It is what provenance links, comments and blame attach to,
 * so it must never be derived from position.
 */

/** What a valid uid looks like: 8 to 40 URL-safe characters. */
export const UID_PATTERN = /^[A-Za-z0-9_-]{8,40}$/;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** A fresh random uid (72 bits of randomness; collisions are not a practical concern). */
export function newUid(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte & 63];
  return out;
}

/** True when the value can serve as a uid. */
export function isUid(value: unknown): value is string {
  return typeof value === 'string' && UID_PATTERN.test(value);
}
