/**
 * Where the cursor is when the text first arrives. The editor starts on an empty document (the
 * server sends the text after the socket opens), where the only possible selection is an
 * AllSelection. When the content arrives, y-prosemirror restores the selection "as it was": an
 * AllSelection, now over the whole constitution, where the first keystroke would replace
 * everything. This puts the cursor at the start of the text instead.
 */
import { AllSelection, Plugin, PluginKey, Selection } from 'prosemirror-state';

export function initialSelectionPlugin(): Plugin {
  return new Plugin({
    key: new PluginKey('carta-initial-selection'),
    appendTransaction: (_transactions, oldState, newState) => {
      if (oldState.doc.content.size > 0 || newState.doc.content.size === 0) return null;
      if (!(newState.selection instanceof AllSelection)) return null;
      return newState.tr.setSelection(Selection.atStart(newState.doc));
    },
  });
}
