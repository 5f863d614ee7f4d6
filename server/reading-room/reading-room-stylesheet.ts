/**
 * The reading room's one stylesheet: the editor's design tokens (client/styles/tokens.css, so the
 * colours and typefaces are the editor's own) followed by reading-room.css. Served from an address
 * that names its content's hash, so browsers may keep it for a year and a change is a new address.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { READING_ROOM_PREFIX } from '../../shared/reading-room/reading-room-urls.ts';

export interface ReadingRoomStylesheet {
  /** e.g. /read/_assets/reading-room.3f2a9c1e.css ("_" cannot start a document id). */
  href: string;
  css: string;
}

export const STYLESHEET_DIR = `${READING_ROOM_PREFIX}/_assets`;

export function loadReadingRoomStylesheet(): ReadingRoomStylesheet {
  const tokens = readFileSync(new URL('../../client/styles/tokens.css', import.meta.url), 'utf8');
  const own = readFileSync(new URL('./reading-room.css', import.meta.url), 'utf8');
  const css = `${tokens}\n${own}`;
  const hash = createHash('sha256').update(css).digest('hex').slice(0, 12);
  return { href: `${STYLESHEET_DIR}/reading-room.${hash}.css`, css };
}
