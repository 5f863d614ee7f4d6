/**
 * Carta's own websocket message, beside the y-websocket ones (0 sync, 1 awareness, 3 query
 * awareness): a notice from the server to a client, as a JSON payload. Standard y-websocket
 * clients ignore message types they do not know.
 *
 * Frame: varUint(NOTICE_MESSAGE_TYPE), varString(JSON of a Notice).
 */

export const NOTICE_MESSAGE_TYPE = 100;

/**
 * Text this client typed into content that someone else had already removed or moved (for example
 * an article moved, or a block turned into another kind, while this person was typing in it or
 * offline). Yjs keeps such text out of the document; the server hands it back so it is not lost.
 */
export interface OrphanedTextNotice {
  kind: 'orphaned-text';
  items: Array<{
    /** uid of the block (or article) the text was typed into; a copy may live elsewhere now. */
    uid: string | null;
    text: string;
  }>;
}

/**
 * The document's provenance links changed: someone created, retired or re-anchored one. Sent to
 * every connection of the document, so that editors load the link marks and the margin panel again
 * (over REST: the notice carries nothing to trust, only the prompt to ask).
 */
export interface LinksChangedNotice {
  kind: 'links-changed';
}

/**
 * Comments or stances on an article changed: a comment or reply was written, hidden or shown
 * again, a thread addressed or reopened, or someone's support or opposition changed. Sent to every
 * connection of the document, so that open margins and outlines ask again over REST instead of
 * polling; like links-changed, it carries only which article, nothing to trust.
 */
export interface CommentsChangedNotice {
  kind: 'comments-changed';
  articleUid: string;
}

export type Notice = OrphanedTextNotice | LinksChangedNotice | CommentsChangedNotice;

/** Parses a notice payload; null when it is not one Carta knows. */
export function parseNotice(json: string): Notice | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const notice = value as { kind?: unknown; items?: unknown; articleUid?: unknown };
  if (notice.kind === 'links-changed') return { kind: 'links-changed' };
  if (notice.kind === 'comments-changed') return typeof notice.articleUid === 'string' ? { kind: 'comments-changed', articleUid: notice.articleUid } : null;
  if (notice.kind !== 'orphaned-text' || !Array.isArray(notice.items)) return null;
  const items = notice.items.filter(
    (item): item is { uid: string | null; text: string } =>
      typeof item === 'object' && item !== null && typeof (item as { text?: unknown }).text === 'string' &&
      ((item as { uid?: unknown }).uid === null || typeof (item as { uid?: unknown }).uid === 'string'),
  );
  return { kind: 'orphaned-text', items };
}
