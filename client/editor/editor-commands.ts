/**
 * The editor's commands by id: what the keymap, the toolbar and tests call. Each entry is a plain
 * ProseMirror command over an EditorState, so everything except undo/redo (which needs the Yjs
 * undo manager) runs without a view.
 */
import { toggleMark } from 'prosemirror-commands';
import type { Command } from 'prosemirror-state';
import { legalSchema } from '../../shared/schema/legal-schema.ts';
import { setBlockKind, shiftBlockLevel } from './commands/change-block-kind.ts';
import { insertApartado } from './commands/insert-apartado.ts';
import { insertArticle } from './commands/insert-article.ts';
import { insertBlockAfter, insertSameKindAfter } from './commands/insert-block.ts';
import { moveArticle } from './commands/move-article.ts';
import { legalEnter } from './commands/split-block.ts';
import type { StructureGuard } from './presence-guard.ts';
import { historyCommand, type HistoryHooks } from './safe-history.ts';
import type { EditorCommandId } from './shortcuts.ts';

function markCommand(name: 'strong' | 'em'): Command {
  const type = legalSchema.marks[name];
  if (!type) throw new Error(`legal schema has no mark "${name}"`);
  return toggleMark(type);
}

/**
 * Yjs undo (and the article move) changes the Y.Doc directly, and the result reaches the editor as
 * a remote change that the write gate lets through; so these commands check the gate themselves.
 */
function gated(command: Command, canEditNow: () => boolean): Command {
  return (state, dispatch, view) => canEditNow() && command(state, dispatch, view);
}

/**
 * All commands. `help` is supplied by the page because it opens a dialog outside the editor;
 * `canEditNow` says whether this person may change the document at this moment; `guard` keeps
 * moves and kind changes away from places where other people are typing; `history` lets undo and
 * redo ask before deleting other people's words and say when there is nothing to do;
 * `linkSource` opens the "link to a source" dialog (supplied by the page, which knows who may link).
 */
export function editorCommands(
  openHelp: () => void,
  canEditNow: () => boolean = () => true,
  guard?: StructureGuard,
  history?: HistoryHooks,
  linkSource: Command = () => false,
): Record<EditorCommandId, Command> {
  return {
    insertArticle,
    insertApartado: insertApartado(guard),
    insertParrafo: insertBlockAfter('parrafo', guard),
    insertNumeral: insertBlockAfter('numeral', guard),
    insertFraccion: insertBlockAfter('fraccion', guard),
    insertInciso: insertBlockAfter('inciso', guard),
    insertSameKind: insertSameKindAfter(guard),
    // A split in the middle of a block is made on the Y.Doc directly too (see split-block.ts).
    splitBlock: gated(legalEnter(guard), canEditNow),
    toParrafo: setBlockKind('parrafo', guard),
    toNumeral: setBlockKind('numeral', guard),
    toFraccion: setBlockKind('fraccion', guard),
    toInciso: setBlockKind('inciso', guard),
    levelDown: shiftBlockLevel(1, guard),
    levelUp: shiftBlockLevel(-1, guard),
    // A move is made on the Y.Doc directly, past the write gate's transaction filter.
    moveUp: gated(moveArticle('up', guard), canEditNow),
    moveDown: gated(moveArticle('down', guard), canEditNow),
    // One stack item per press, never another person's words without asking (see safe-history.ts).
    undo: gated(historyCommand('undo', history), canEditNow),
    redo: gated(historyCommand('redo', history), canEditNow),
    bold: markCommand('strong'),
    italic: markCommand('em'),
    linkSource,
    help: () => {
      openHelp();
      return true;
    },
  };
}
