/**
 * The editor's commands by id: what the keymap, the toolbar and tests call. Each entry is a plain
 * ProseMirror command over an EditorState, so everything except undo/redo (which needs the Yjs
 * undo manager) runs without a view.
 */
import { toggleMark } from 'prosemirror-commands';
import type { Command } from 'prosemirror-state';
import { redoCommand, undoCommand } from 'y-prosemirror';
import { legalSchema } from '../../shared/schema/legal-schema.ts';
import { setBlockKind, shiftBlockLevel } from './commands/change-block-kind.ts';
import { insertApartado } from './commands/insert-apartado.ts';
import { insertArticle } from './commands/insert-article.ts';
import { insertBlockAfter, insertSameKindAfter } from './commands/insert-block.ts';
import { moveArticle } from './commands/move-article.ts';
import { splitLegalBlock } from './commands/split-block.ts';
import type { EditorCommandId } from './shortcuts.ts';

function markCommand(name: 'strong' | 'em'): Command {
  const type = legalSchema.marks[name];
  if (!type) throw new Error(`legal schema has no mark "${name}"`);
  return toggleMark(type);
}

/**
 * Yjs undo changes the Y.Doc directly, and its result reaches the editor as a remote change that
 * the write gate lets through; so undo and redo check the gate themselves.
 */
function gated(command: Command, canEditNow: () => boolean): Command {
  return (state, dispatch, view) => canEditNow() && command(state, dispatch, view);
}

/**
 * All commands. `help` is supplied by the page because it opens a dialog outside the editor;
 * `canEditNow` says whether this person may change the document at this moment.
 */
export function editorCommands(openHelp: () => void, canEditNow: () => boolean = () => true): Record<EditorCommandId, Command> {
  return {
    insertArticle,
    insertApartado,
    insertParrafo: insertBlockAfter('parrafo'),
    insertNumeral: insertBlockAfter('numeral'),
    insertFraccion: insertBlockAfter('fraccion'),
    insertInciso: insertBlockAfter('inciso'),
    insertSameKind: insertSameKindAfter,
    splitBlock: splitLegalBlock,
    toParrafo: setBlockKind('parrafo'),
    toNumeral: setBlockKind('numeral'),
    toFraccion: setBlockKind('fraccion'),
    toInciso: setBlockKind('inciso'),
    levelDown: shiftBlockLevel(1),
    levelUp: shiftBlockLevel(-1),
    moveUp: moveArticle('up'),
    moveDown: moveArticle('down'),
    undo: gated(undoCommand, canEditNow),
    redo: gated(redoCommand, canEditNow),
    bold: markCommand('strong'),
    italic: markCommand('em'),
    help: () => {
      openHelp();
      return true;
    },
  };
}
