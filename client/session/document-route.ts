/**
 * Which document a page address opens: `/` opens the Mexico City constitution (`cdmx`), `/d/<id>`
 * opens `<id>`. The server answers both with the same index.html.
 */
import { DOC_ID_PATTERN } from '../../shared/protocol/collab.ts';

export const DEFAULT_DOC_ID = 'cdmx';

/** The document id named by a path, or null when the path names no valid document. */
export function documentIdFromPath(pathname: string): string | null {
  if (pathname === '/' || pathname === '' || pathname === '/index.html') return DEFAULT_DOC_ID;
  const match = /^\/d\/([^/]+)\/?$/.exec(pathname);
  if (!match?.[1]) return null;
  let id: string;
  try {
    id = decodeURIComponent(match[1]);
  } catch {
    return null;
  }
  return DOC_ID_PATTERN.test(id) ? id : null;
}

/** The document whose history a path (`/d/<id>/history`) shows, or null when it is not a history page. */
export function historyDocumentFromPath(pathname: string): string | null {
  const match = /^\/d\/([^/]+)\/history\/?$/.exec(pathname);
  if (!match?.[1]) return null;
  return documentIdFromPath(`/d/${match[1]}`);
}

/** A version reader's address: the document, and the log position (null when the path names none). */
export interface VersionRoute {
  docId: string;
  seq: number | null;
}

/** The version a path (`/d/<id>/history/<seq>`) shows, or null when it is not a version reader's address. */
export function versionRouteFromPath(pathname: string): VersionRoute | null {
  const match = /^\/d\/([^/]+)\/history\/([^/]+)\/?$/.exec(pathname);
  if (!match?.[1] || !match[2]) return null;
  const docId = documentIdFromPath(`/d/${match[1]}`);
  if (docId === null) return null;
  // A log position is a whole number from 1; anything else is an address of a version that does not exist.
  const seq = /^[1-9][0-9]{0,15}$/.test(match[2]) ? Number(match[2]) : null;
  return { docId, seq: seq !== null && Number.isSafeInteger(seq) ? seq : null };
}
