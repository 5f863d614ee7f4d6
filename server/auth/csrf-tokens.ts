/**
 * The CSRF token of a cookie session: an HMAC of the session id with the installation's secret.
 * Derived rather than stored, so it needs no column and changes with the session; a page learns it
 * from `GET /api/me` or a sign-in answer (which another site cannot read) and sends it back as
 * `X-CSRF-Token` with every write, which another site's form or script cannot forge.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The token of the session whose (secret) id is `sessionId`. */
export function csrfTokenFor(secret: string, sessionId: string): string {
  return createHmac('sha256', secret).update(`carta-csrf\0${sessionId}`).digest('base64url');
}

/** True when `given` is the session's token; compared in constant time. */
export function csrfTokenMatches(secret: string, sessionId: string, given: string | undefined): boolean {
  if (!given) return false;
  const expected = Buffer.from(csrfTokenFor(secret, sessionId));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
