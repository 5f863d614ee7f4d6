/**
 * Signed bearer tokens for scripts and sign-in links: `<payload>.<signature>`, both base64url, the
 * signature an HMAC-SHA256 of the payload with the installation's secret. A token names a user;
 * the user's role is read from the store when the token is used, so it cannot be forged or
 * escalated by editing the payload.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

const payloadSchema = z.object({
  v: z.literal(1),
  sub: z.string().min(1).max(200),
  iat: z.number().int(),
  exp: z.number().int(),
});

export type TokenPayload = z.infer<typeof payloadSchema>;

export type TokenCheck = { ok: true; payload: TokenPayload } | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

/** A new random signing secret (hex). */
export function newTokenSecret(): string {
  return randomBytes(32).toString('hex');
}

function sign(secret: string, data: string): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
}

/** Issues a token for `userId`, valid for `days` days from `now` (ms). */
export function issueToken(secret: string, userId: string, now: number, days: number): string {
  const payload: TokenPayload = { v: 1, sub: userId, iat: Math.floor(now / 1000), exp: Math.floor(now / 1000) + Math.round(days * 86400) };
  const data = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${data}.${sign(secret, data)}`;
}

/** Verifies signature and expiry; never throws. */
export function verifyToken(secret: string, token: string, now: number): TokenCheck {
  if (token.length > 2048) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false, reason: 'malformed' };
  const [data, signature] = parts;
  const expected = Buffer.from(sign(secret, data));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad-signature' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(data, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const result = payloadSchema.safeParse(parsed);
  if (!result.success) return { ok: false, reason: 'malformed' };
  if (result.data.exp * 1000 <= now) return { ok: false, reason: 'expired' };
  return { ok: true, payload: result.data };
}
