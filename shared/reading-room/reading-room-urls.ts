/**
 * The public reading room's addresses, in one place: its pages link to each other and to the other
 * language, and the browser app (the editor's header, the history page, the version reader) links
 * into it.
 */
import type { Lang } from '../i18n/index.ts';

export type ReadingView = { kind: 'latest' } | { kind: 'version'; seq: number } | { kind: 'draft' };

export const READING_ROOM_PREFIX = '/read';

/** The address of a view of a document, in `lang` (Spanish, the default, has no query). */
export function readingRoomUrl(docId: string, view: ReadingView, lang: Lang): string {
  const base = `${READING_ROOM_PREFIX}/${encodeURIComponent(docId)}`;
  const path = view.kind === 'latest' ? base : view.kind === 'draft' ? `${base}/draft` : `${base}/v/${view.seq}`;
  return lang === 'es' ? path : `${path}?lang=${lang}`;
}
