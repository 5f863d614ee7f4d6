/**
 * The comment shortcut (Mod-Alt-M, listed in the shortcut table for the help panel), recognised on
 * the page rather than in the editor's keymap: a citizen's editor is read-only, and ProseMirror
 * runs no key bindings in a read-only view. Matching is by the key's character, so AltGr+M (which
 * is Ctrl+Alt+M to the browser on European Windows layouts, and types "µ") stays typing.
 */
import { SHORTCUTS } from '../editor/shortcuts.ts';

export type KeyInput = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

/** The comment shortcut from the table (the help panel prints the same entry). */
export const COMMENT_KEYS: string = SHORTCUTS.find((shortcut) => shortcut.label === 'cmd.comment')?.keys[0] ?? 'Mod-Alt-m';

/** Whether a key event is `keys` (ProseMirror notation: "Mod-Alt-m") on this platform. */
export function matchesKeys(event: KeyInput, keys: string, mac: boolean): boolean {
  const parts = keys.split(/-(?!$)/);
  const key = parts.pop() ?? '';
  const want = { ctrl: false, meta: false, alt: false, shift: false };
  for (const part of parts) {
    if (part === 'Mod') want[mac ? 'meta' : 'ctrl'] = true;
    else if (part === 'Ctrl') want.ctrl = true;
    else if (part === 'Meta' || part === 'Cmd') want.meta = true;
    else if (part === 'Alt') want.alt = true;
    else if (part === 'Shift') want.shift = true;
  }
  if (event.ctrlKey !== want.ctrl || event.metaKey !== want.meta || event.altKey !== want.alt || event.shiftKey !== want.shift) return false;
  if (event.key.toLowerCase() === key.toLowerCase()) return true;
  // On a Mac, Option changes the character ("µ" for Option-M); with Cmd held the physical key is meant.
  return mac && want.meta && key.length === 1 && /[a-z]/i.test(key) && event.code === `Key${key.toUpperCase()}`;
}

export function isCommentShortcut(event: KeyInput, mac: boolean): boolean {
  return matchesKeys(event, COMMENT_KEYS, mac);
}
