/**
 * Every keyboard shortcut of the editor, in one table. The keymap, the toolbar's tooltips and the
 * help panel all read it, so a shortcut cannot exist without being listed (or be listed without
 * existing). Keys use ProseMirror's notation: "Mod" is Cmd on a Mac and Ctrl elsewhere.
 *
 * Ctrl+Alt+letter is used for structure because it is free in browsers and on common desktops
 * (Ctrl+Alt+digit and some letters type characters with AltGr on European layouts, which
 * ProseMirror's keymap already tells apart from shortcuts).
 */
import type { MessageKey } from '../../shared/i18n/index.ts';

export type ShortcutGroup = 'insert' | 'kind' | 'move' | 'edit' | 'provenance' | 'comments' | 'general';

export type EditorCommandId =
  | 'insertArticle'
  | 'insertApartado'
  | 'insertParrafo'
  | 'insertNumeral'
  | 'insertFraccion'
  | 'insertInciso'
  | 'insertSameKind'
  | 'splitBlock'
  | 'toParrafo'
  | 'toNumeral'
  | 'toFraccion'
  | 'toInciso'
  | 'levelDown'
  | 'levelUp'
  | 'moveUp'
  | 'moveDown'
  | 'undo'
  | 'redo'
  | 'bold'
  | 'italic'
  | 'linkSource'
  | 'help';

export interface Shortcut {
  /** The command it runs; null for shortcuts handled outside the editor (listed for the help panel). */
  command: EditorCommandId | null;
  keys: readonly string[];
  group: ShortcutGroup;
  label: MessageKey;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { command: 'insertArticle', keys: ['Mod-Shift-Enter'], group: 'insert', label: 'cmd.insertArticle' },
  { command: 'insertApartado', keys: ['Mod-Alt-a'], group: 'insert', label: 'cmd.insertApartado' },
  { command: 'insertParrafo', keys: ['Mod-Alt-p'], group: 'insert', label: 'cmd.insertParrafo' },
  { command: 'insertNumeral', keys: ['Mod-Alt-n'], group: 'insert', label: 'cmd.insertNumeral' },
  { command: 'insertFraccion', keys: ['Mod-Alt-f'], group: 'insert', label: 'cmd.insertFraccion' },
  { command: 'insertInciso', keys: ['Mod-Alt-i'], group: 'insert', label: 'cmd.insertInciso' },
  { command: 'insertSameKind', keys: ['Mod-Enter'], group: 'insert', label: 'cmd.insertSameKind' },
  { command: 'splitBlock', keys: ['Enter'], group: 'insert', label: 'cmd.splitBlock' },
  { command: 'toParrafo', keys: ['Mod-Alt-0'], group: 'kind', label: 'cmd.toParrafo' },
  { command: 'toNumeral', keys: ['Mod-Alt-1'], group: 'kind', label: 'cmd.toNumeral' },
  { command: 'toFraccion', keys: ['Mod-Alt-2'], group: 'kind', label: 'cmd.toFraccion' },
  { command: 'toInciso', keys: ['Mod-Alt-3'], group: 'kind', label: 'cmd.toInciso' },
  { command: 'levelDown', keys: ['Mod-]'], group: 'kind', label: 'cmd.levelDown' },
  { command: 'levelUp', keys: ['Mod-['], group: 'kind', label: 'cmd.levelUp' },
  { command: 'moveUp', keys: ['Alt-Shift-ArrowUp'], group: 'move', label: 'cmd.moveUp' },
  { command: 'moveDown', keys: ['Alt-Shift-ArrowDown'], group: 'move', label: 'cmd.moveDown' },
  { command: 'undo', keys: ['Mod-z'], group: 'edit', label: 'cmd.undo' },
  { command: 'redo', keys: ['Mod-y', 'Shift-Mod-z'], group: 'edit', label: 'cmd.redo' },
  { command: 'bold', keys: ['Mod-b'], group: 'edit', label: 'cmd.bold' },
  { command: 'italic', keys: ['Mod-i'], group: 'edit', label: 'cmd.italic' },
  // Mod-K is the usual "link" key of text editors.
  { command: 'linkSource', keys: ['Mod-k'], group: 'provenance', label: 'cmd.linkSource' },
  // Comments are handled by the page (client/comments/comment-shortcut.ts), not the editor's keymap:
  // citizens read a text they cannot edit, and a read-only editor hears no keymap. Mod-Alt-M is the
  // usual "comment" key of document editors.
  { command: null, keys: ['Mod-Alt-m'], group: 'comments', label: 'cmd.comment' },
  { command: null, keys: ['Mod-Enter'], group: 'comments', label: 'cmd.commentSend' },
  { command: null, keys: ['Escape'], group: 'comments', label: 'cmd.commentClose' },
  { command: 'help', keys: ['Mod-/'], group: 'general', label: 'cmd.help' },
  { command: null, keys: ['?'], group: 'general', label: 'cmd.helpOutside' },
  { command: null, keys: ['Escape'], group: 'general', label: 'cmd.closeDialog' },
  { command: null, keys: ['ArrowUp', 'ArrowDown'], group: 'general', label: 'cmd.outlineNavigate' },
  { command: null, keys: ['Enter'], group: 'general', label: 'cmd.outlineActivate' },
];

/** The shortcuts of one command (for tooltips and `aria-keyshortcuts`). */
export function keysFor(command: EditorCommandId): readonly string[] {
  return SHORTCUTS.find((s) => s.command === command)?.keys ?? [];
}

/** Words for the named keys of a shortcut, supplied by the caller in the current language. */
export interface KeyWords {
  ctrl: string;
  alt: string;
  shift: string;
  enter: string;
  escape: string;
  up: string;
  down: string;
}

/** A shortcut as printed for people: "Ctrl+Alt+N" elsewhere, "⌥⌘N" on a Mac. */
export function formatKeys(keys: string, mac: boolean, words: KeyWords): string {
  const parts = keys === '-' ? ['-'] : keys.split(/-(?!$)/);
  const key = parts.pop() ?? '';
  const named: Record<string, string> = {
    Enter: mac ? '↩' : words.enter,
    Escape: words.escape,
    ArrowUp: words.up,
    ArrowDown: words.down,
  };
  const keyText = named[key] ?? (key.length === 1 ? key.toUpperCase() : key);
  const mods = new Set(parts.map((p) => (p === 'Mod' ? (mac ? 'Meta' : 'Ctrl') : p)));
  if (mac) {
    // Apple's order: Control, Option, Shift, Command.
    const symbols = [mods.has('Ctrl') ? '⌃' : '', mods.has('Alt') ? '⌥' : '', mods.has('Shift') ? '⇧' : '', mods.has('Meta') ? '⌘' : ''];
    return symbols.join('') + keyText;
  }
  const words2 = [mods.has('Ctrl') ? words.ctrl : '', mods.has('Alt') ? words.alt : '', mods.has('Shift') ? words.shift : ''];
  return [...words2.filter((w) => w !== ''), keyText].join('+');
}

/** The same shortcut in the `aria-keyshortcuts` syntax ("Control+Alt+N"). */
export function ariaKeys(keys: string, mac: boolean): string {
  const parts = keys.split(/-(?!$)/);
  const key = parts.pop() ?? '';
  const mods = parts.map((p) => (p === 'Mod' ? (mac ? 'Meta' : 'Control') : p === 'Ctrl' ? 'Control' : p));
  return [...mods, key.length === 1 ? key.toUpperCase() : key].join('+');
}
