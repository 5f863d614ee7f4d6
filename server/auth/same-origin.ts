/**
 * Whether a request's `Origin` is this server: the guard against other sites using a visitor's
 * session cookie (REST writes and the collaboration websocket alike). An origin is ours when its
 * host is the one the request was sent to (`Host`), or the configured public URL's (behind a
 * reverse proxy the `Host` the server sees may be its own address).
 */

function hostOf(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

/** True when there is no `Origin` header (not a cross-site browser request) or it names this server. */
export function originIsOurs(origin: string | undefined, host: string | undefined, publicUrl: string): boolean {
  if (origin === undefined) return true;
  const from = hostOf(origin);
  // "null" (a sandboxed frame, a file: page) and anything unparseable are foreign.
  if (from === null || from === '') return false;
  // The Host header has no scheme; a URL around it normalises case and default ports like the origin's.
  if (host !== undefined && (hostOf(`http://${host}`) === from || hostOf(`https://${host}`) === from)) return true;
  return publicUrl !== '' && hostOf(publicUrl) === from;
}
