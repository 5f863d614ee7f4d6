/** A plugin that tells the page about every editor update (outline, toolbar, active article). */
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';

export type ViewListener = (view: EditorView, previous: EditorState | null) => void;

export function viewListenerPlugin(listener: ViewListener): Plugin {
  return new Plugin({
    key: new PluginKey('carta-view-listener'),
    view: (view) => {
      listener(view, null);
      return { update: (updated, previous) => listener(updated, previous) };
    },
  });
}
