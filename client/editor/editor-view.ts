/** Creates the ProseMirror view of the legal document, bound to the shared Y.Doc. */
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { initProseMirrorDoc } from 'y-prosemirror';
import { legalSchema } from '../../shared/schema/legal-schema.ts';
import { legalClipboardParser } from './clipboard-parser.ts';
import { editorPlugins, type PluginOptions } from './schema-plugins.ts';

export interface EditorOptions extends PluginOptions {
  mount: HTMLElement;
  /** The accessible name of the text area, in the current language. */
  label: () => string;
}

export function createEditorView(options: EditorOptions): EditorView {
  // The document as the fragment holds it now (empty until the server's text arrives), with the
  // mapping y-prosemirror needs to keep the two in step.
  const { doc, mapping } = initProseMirrorDoc(options.fragment, legalSchema);
  const state = EditorState.create({ schema: legalSchema, doc, plugins: editorPlugins(options, mapping) });
  return new EditorView(options.mount, {
    state,
    clipboardParser: legalClipboardParser(),
    handleDOMEvents: {
      // Undo from the browser's Edit or context menu goes to the Yjs undo manager too; the native
      // one would edit the DOM behind ProseMirror's back.
      beforeinput: (view, event) => {
        if (event.inputType !== 'historyUndo' && event.inputType !== 'historyRedo') return false;
        event.preventDefault();
        options.commands[event.inputType === 'historyUndo' ? 'undo' : 'redo'](view.state, view.dispatch, view);
        return true;
      },
    },
    // Recomputed on every update, so language and read-only changes show up at the next dispatch.
    attributes: () => ({
      class: 'legal-document',
      'data-testid': 'editor',
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-label': options.label(),
      'aria-readonly': String(!options.canEditNow()),
      // The text is Spanish whatever the interface language, for spelling and speech.
      lang: 'es',
      tabindex: '0',
    }),
  });
}
