/**
 * The public trace pages and their addresses: `/sources` (search), `/sources/<id>` (one source and
 * everything linked to it), `/auditor` (the dashboard). The server answers them with index.html.
 */

export type TraceRoute = { page: 'sources' } | { page: 'source'; id: string } | { page: 'auditor' };

/** The trace page a path names, or null for any other path (the editor's, or none). */
export function traceRouteFromPath(pathname: string): TraceRoute | null {
  if (/^\/sources\/?$/.test(pathname)) return { page: 'sources' };
  if (/^\/auditor\/?$/.test(pathname)) return { page: 'auditor' };
  const match = /^\/sources\/([^/]+)\/?$/.exec(pathname);
  if (!match?.[1]) return null;
  try {
    const id = decodeURIComponent(match[1]);
    return id.length > 0 && id.length <= 100 ? { page: 'source', id } : null;
  } catch {
    return null;
  }
}

/** The editor at one article (the editor page jumps there once the text is loaded). */
export function editorPathAt(docId: string, articleUid: string): string {
  return `/d/${encodeURIComponent(docId)}?article=${encodeURIComponent(articleUid)}`;
}
