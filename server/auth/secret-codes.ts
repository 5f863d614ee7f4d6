/**
 * Random codes that act as credentials — session ids in the cookie, invitation codes in links —
 * and the form they are stored in: only a SHA-256 of each, so a copy of the database (a backup,
 * an audit bundle's neighbour) signs no one in and accepts no invitation.
 */
import { createHash, randomBytes } from 'node:crypto';

const CODE_BYTES = 32;
/** 32 bytes in base64url, without padding. */
const CODE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A new code: 32 random bytes, base64url. */
export function newSecretCode(): string {
  return randomBytes(CODE_BYTES).toString('base64url');
}

/** True when `value` has the shape of a code (anything else is refused before a lookup). */
export function isSecretCodeShape(value: string): boolean {
  return CODE_PATTERN.test(value);
}

/** What the store keeps of a code. */
export function secretCodeHash(code: string): Buffer {
  return createHash('sha256').update(code, 'utf8').digest();
}
