/**
 * The cross-site request forgery token of the browser's session cookie. The server hands it out
 * with `GET /api/me` and with every sign-in; each write that the cookie authenticates carries it
 * as `X-CSRF-Token`, which another site's page cannot read and so cannot send. It is kept in this
 * page's memory only: the next page load asks `/api/me` again.
 */

let current: string | null = null;

/** Keeps the token the server gave with the session (null after signing out). */
export function rememberCsrfToken(token: string | null): void {
  current = token === null || token === '' ? null : token;
}

/** The session's token, or null when this page has none (not signed in by cookie). */
export function csrfToken(): string | null {
  return current;
}
