/**
 * What the page does around undo and redo (the hooks of safe-history.ts): asks in the confirm
 * dialog before an undo deletes other people's words, naming them and quoting the words; puts the
 * words it did delete into the list of text that is no longer in the document, so they can be
 * copied back; and says so when there was nothing to undo, instead of a key that does nothing.
 */
import type { ClientNames } from '../collab/client-names.ts';
import type { OrphanedTextInbox } from '../collab/notices.ts';
import type { HistoryDirection, HistoryHooks, OthersText } from '../editor/safe-history.ts';
import type { ConfirmDialog } from './confirm-dialog.ts';
import type { Localizer } from './i18n.ts';

export interface HistoryPromptParts {
  i18n: Localizer;
  dialog: ConfirmDialog;
  names: ClientNames;
  inbox: OrphanedTextInbox;
  /** Polite announcement (the page's status region). */
  announce: (message: string) => void;
  /** Checked again after the answer: the connection may have stopped while the question was open. */
  canEditNow: () => boolean;
}

/** The names of the people behind `pieces`, in order of first appearance. */
function peopleOf(pieces: readonly OthersText[], nameOf: (clientId: number) => string): string[] {
  return [...new Set(pieces.map((piece) => nameOf(piece.clientId)))];
}

/** The page's history hooks. */
export function historyPrompts(parts: HistoryPromptParts): HistoryHooks {
  const { i18n } = parts;
  const nameOf = (clientId: number): string => parts.names.nameOf(clientId) ?? i18n.t('history.someone');
  const listOf = (names: readonly string[]): string => new Intl.ListFormat(i18n.lang, { type: 'conjunction' }).format(names);
  return {
    confirm: async (direction: HistoryDirection, removed: readonly OthersText[]): Promise<boolean> => {
      const people = peopleOf(removed, nameOf);
      const names = listOf(people);
      // With several people each quote says whose it is; with one, the title already does.
      const quote = removed.map((piece) => (people.length > 1 ? `${nameOf(piece.clientId)}: ${piece.text}` : piece.text)).join('\n\n');
      const go = await parts.dialog.ask({
        title: i18n.t(direction === 'undo' ? 'confirm.undo.title' : 'confirm.redo.title', { names }),
        body: i18n.t(direction === 'undo' ? 'confirm.undo.body' : 'confirm.redo.body', { names }),
        quote,
        proceed: i18n.t(direction === 'undo' ? 'confirm.undo.proceed' : 'confirm.redo.proceed'),
        cancel: i18n.t('confirm.cancel'),
      });
      return go && parts.canEditNow();
    },
    removed: (_direction, removed) => {
      parts.inbox.addRemoved(removed.map((piece) => ({ uid: piece.uid, text: piece.text, author: nameOf(piece.clientId) })));
    },
    nothingToDo: (direction, why) => {
      if (why === 'empty') parts.announce(i18n.t(direction === 'undo' ? 'history.nothingToUndo' : 'history.nothingToRedo'));
      else parts.announce(i18n.t(direction === 'undo' ? 'history.undoChangedByOthers' : 'history.redoChangedByOthers'));
    },
  };
}
