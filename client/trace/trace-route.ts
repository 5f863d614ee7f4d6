/**
 * The public trace pages and their addresses: `/sources` (search), `/sources/<id>` (one source and
 * everything linked to it), `/auditor` (the dashboard). The server answers them with index.html.
 */

/** A source's page; `id` is null when the address cannot name a source (bad encoding, too long). */
export type TraceRoute = { page: 'sources' } | { page: 'source'; id: string | null } | { page: 'auditor' };

/** The longest source id an address may carry (ids are far shorter: `src_` and 16 letters). */
export const SOURCE_ID_MAX = 100;

/** The trace page a path names, or null for any other path (the editor's, or none). */
export function traceRouteFromPath(pathname: string): TraceRoute | null {
  if (/^\/sources\/?$/.test(pathname)) return { page: 'sources' };
  if (/^\/auditor\/?$/.test(pathname)) return { page: 'auditor' };
  const match = /^\/sources\/([^/]+)\/?$/.exec(pathname);
  if (!match?.[1]) return null;
  // Still the sources' page: an address that cannot name a source shows "not found" there.
  try {
    const id = decodeURIComponent(match[1]);
    return { page: 'source', id: id.length > 0 && id.length <= SOURCE_ID_MAX ? id : null };
  } catch {
    return { page: 'source', id: null };
  }
}

/** The editor at one article (the editor page jumps there once the text is loaded). */
export function editorPathAt(docId: string, articleUid: string): string {
  return `/d/${encodeURIComponent(docId)}?article=${encodeURIComponent(articleUid)}`;
}
