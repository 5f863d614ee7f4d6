/**
 * The editor's key bindings, built from the shortcut table so that the help panel lists exactly
 * what the keys do. ProseMirror's base keymap comes after it for everything else (deleting,
 * joining, selecting); its Enter is only reached where the legal Enter does not apply.
 */
import { baseKeymap } from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import type { Command, Plugin } from 'prosemirror-state';
import { SHORTCUTS, type EditorCommandId } from './shortcuts.ts';

/**
 * Keys that must never fall through to the browser, even when their command has nothing to do:
 * the browser's own undo would change the DOM behind ProseMirror's back, and on a Mac Cmd-[ / Cmd-Y
 * navigate back or open the history instead.
 */
const ALWAYS_HANDLED: ReadonlySet<EditorCommandId> = new Set<EditorCommandId>(['undo', 'redo', 'levelUp', 'levelDown']);

/**
 * Commands whose refusal is news: a structural shortcut that does nothing where the caret is would
 * otherwise be silent. (Enter and the marks fall through to ProseMirror's own handling; undo and
 * redo say for themselves when there is nothing to do; a refusal because someone is writing there
 * is told by the guard.)
 */
const REFUSAL_ANNOUNCED: ReadonlySet<EditorCommandId> = new Set<EditorCommandId>([
  'insertArticle',
  'insertApartado',
  'insertParrafo',
  'insertNumeral',
  'insertFraccion',
  'insertInciso',
  'insertSameKind',
  'toParrafo',
  'toNumeral',
  'toFraccion',
  'toInciso',
  'levelDown',
  'levelUp',
  'moveUp',
  'moveDown',
]);

/** The binding for one command: it reports a refusal, and may claim the key whatever happened. */
function binding(id: EditorCommandId, command: Command, onRefused?: (id: EditorCommandId) => void): Command {
  const claim = ALWAYS_HANDLED.has(id);
  const report = onRefused && REFUSAL_ANNOUNCED.has(id) ? onRefused : null;
  if (!claim && !report) return command;
  return (state, dispatch, view) => {
    const done = command(state, dispatch, view);
    if (!done && dispatch) report?.(id);
    return claim || done;
  };
}

/** The bindings of the shortcut table, as a ProseMirror key map; `onRefused` hears of structural shortcuts that did nothing. */
export function shortcutBindings(commands: Record<EditorCommandId, Command>, onRefused?: (id: EditorCommandId) => void): Record<string, Command> {
  const bindings: Record<string, Command> = {};
  for (const shortcut of SHORTCUTS) {
    if (shortcut.command === null) continue;
    const command = binding(shortcut.command, commands[shortcut.command], onRefused);
    for (const keys of shortcut.keys) bindings[keys] = command;
  }
  return bindings;
}

/** The legal-text keymap followed by ProseMirror's base keymap. */
export function editorKeymaps(commands: Record<EditorCommandId, Command>, onRefused?: (id: EditorCommandId) => void): Plugin[] {
  return [keymap(shortcutBindings(commands, onRefused)), keymap(baseKeymap)];
}
