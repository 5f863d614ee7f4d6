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

function alwaysHandled(command: Command): Command {
  return (state, dispatch, view) => {
    command(state, dispatch, view);
    return true;
  };
}

/** The bindings of the shortcut table, as a ProseMirror key map. */
export function shortcutBindings(commands: Record<EditorCommandId, Command>): Record<string, Command> {
  const bindings: Record<string, Command> = {};
  for (const shortcut of SHORTCUTS) {
    if (shortcut.command === null) continue;
    const command = ALWAYS_HANDLED.has(shortcut.command) ? alwaysHandled(commands[shortcut.command]) : commands[shortcut.command];
    for (const keys of shortcut.keys) bindings[keys] = command;
  }
  return bindings;
}

/** The legal-text keymap followed by ProseMirror's base keymap. */
export function editorKeymaps(commands: Record<EditorCommandId, Command>): Plugin[] {
  return [keymap(shortcutBindings(commands)), keymap(baseKeymap)];
}
