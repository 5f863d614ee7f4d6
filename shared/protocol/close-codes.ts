/**
 * Websocket close codes of /collab/:docId. The server closes only the offending socket with one of
 * these; the client turns each into a message a person understands (see shared/i18n).
 * 4000–4999 is the range the websocket standard leaves to applications.
 */
export const CloseCode = {
  /** The message could not be decoded (random bytes, truncated update, unknown message type). */
  badMessage: 4400,
  /** No valid credentials (missing, forged or expired token). */
  unauthenticated: 4401,
  /** The user's role may not do this (a read-only role sent a change). */
  forbidden: 4403,
  /** No document with that id. */
  notFound: 4404,
  /** The update depends on state the server does not have; reconnect and resync. */
  resyncNeeded: 4409,
  /** A message larger than the server accepts. */
  tooLarge: 4413,
  /** The change would make the document invalid for the legal-document schema. */
  invalidContent: 4422,
  /** The client's editor is older than the server's document schema; reload the page. */
  clientOutdated: 4426,
  /** Too many messages or awareness updates per second. */
  rateLimited: 4429,
  /** The server could not store the change (nothing was applied); try again. */
  serverError: 4500,
  /** The server is shutting down or unloading the document; reconnect. */
  goingAway: 4503,
} as const;

export type CloseCodeName = keyof typeof CloseCode;
export type CloseCodeValue = (typeof CloseCode)[CloseCodeName];

/** Codes after which reconnecting with the same client state cannot help. */
export const TERMINAL_CLOSE_CODES: ReadonlySet<number> = new Set<number>([
  CloseCode.unauthenticated,
  CloseCode.forbidden,
  CloseCode.notFound,
  CloseCode.invalidContent,
  CloseCode.clientOutdated,
]);

/** The name of a close code, or null when the code is not one of Carta's. */
export function closeCodeName(code: number): CloseCodeName | null {
  for (const [name, value] of Object.entries(CloseCode)) if (value === code) return name as CloseCodeName;
  return null;
}
