/**
 * How other people's cursors and selections look: a caret in the person's colour with their name
 * on a flag in the same colour (text colour chosen for contrast), and a light tint of the colour
 * over what they selected. The flag is hidden from screen readers, which would otherwise read the
 * name in the middle of the text; the people present are listed in the header instead.
 */
import type { DecorationAttrs } from 'prosemirror-view';
import { isCursorState } from '../../shared/protocol/awareness-state.ts';
import { readableTextOn } from '../ui/contrast.ts';

export interface CursorUser {
  name?: unknown;
  color?: unknown;
}

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

function colourOf(user: CursorUser): string {
  return typeof user.color === 'string' && HEX_COLOUR.test(user.color) ? user.color : '#5b5f66';
}

/** The caret element for one remote person. */
export function buildRemoteCursor(user: CursorUser): HTMLElement {
  const colour = colourOf(user);
  const caret = document.createElement('span');
  caret.className = 'remote-caret';
  caret.setAttribute('aria-hidden', 'true');
  caret.style.borderColor = colour;
  const flag = document.createElement('span');
  flag.className = 'remote-caret-name';
  flag.textContent = typeof user.name === 'string' ? user.name : '';
  flag.style.backgroundColor = colour;
  flag.style.color = readableTextOn(colour);
  // Word joiners keep the caret from creating line-break opportunities in the text.
  caret.append('\u2060', flag, '\u2060');
  return caret;
}

/** The decoration attributes of a remote selection. */
export function remoteSelectionAttrs(user: CursorUser): DecorationAttrs {
  return { class: 'remote-selection', style: `background-color: ${colourOf(user)}33` };
}

/**
 * Which presence states get a cursor: other people's, and only when the cursor is well-formed. The
 * server already cleans presence; this second check matters because y-prosemirror throws on a
 * malformed cursor while handling a document update, which would leave this editor stale.
 */
export function showRemoteCursor(ownClientId: number, clientId: number, state: unknown): boolean {
  if (clientId === ownClientId) return false;
  if (typeof state !== 'object' || state === null) return false;
  const cursor = (state as { cursor?: unknown }).cursor;
  return cursor === undefined || isCursorState(cursor);
}
