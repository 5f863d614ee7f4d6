/**
 * The session cookie `carta_session`: read from a request (REST or websocket upgrade), set after
 * a sign-in, cleared at sign-out. HttpOnly (no script reads it, so an injected one cannot steal
 * it), SameSite=Lax (other sites' forms and scripts do not send it; following a link still does),
 * Path=/ (the websocket needs it too), and Secure when the site is served over https.
 */
import type { IncomingMessage } from 'node:http';
import type { Request, Response } from 'express';
import { SESSION_COOKIE } from '../../shared/auth/account-types.ts';

/** The session id a request's Cookie header carries, or null. */
export function sessionIdFrom(request: IncomingMessage): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at < 0 || part.slice(0, at).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(at + 1).trim();
    return value === '' ? null : value;
  }
  return null;
}

/**
 * Whether the browser reached the site over https: directly, through a proxy that says so, or as
 * the configured public URL says (a proxy that terminates TLS may not say). Marking a cookie
 * Secure when it need not be only keeps it off plain http, so a forged header harms no one.
 */
function overHttps(req: Request, publicUrl: string): boolean {
  return req.secure || req.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https' || publicUrl.startsWith('https:');
}

function attributes(req: Request, publicUrl: string): string {
  return `Path=/; HttpOnly; SameSite=Lax${overHttps(req, publicUrl) ? '; Secure' : ''}`;
}

/** Sets the cookie of a new session, lasting as long as the session does. */
export function setSessionCookie(req: Request, res: Response, publicUrl: string, sessionId: string, expiresAt: number, now: number): void {
  const maxAge = Math.max(0, Math.round((expiresAt - now) / 1000));
  res.append('Set-Cookie', `${SESSION_COOKIE}=${sessionId}; Max-Age=${maxAge}; ${attributes(req, publicUrl)}`);
}

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie(req: Request, res: Response, publicUrl: string): void {
  res.append('Set-Cookie', `${SESSION_COOKIE}=; Max-Age=0; ${attributes(req, publicUrl)}`);
}
