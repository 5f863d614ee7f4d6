/**
 * The editor's plugins, in order. Yjs comes first: the sync plugin binds the document to the
 * shared XmlFragment (the server seeds it; this client never inserts initial content; the editor
 * state starts from the fragment as it is, with the `mapping` made alongside it), the cursor
 * plugin shows other people, and the Yjs undo plugin replaces prosemirror-history so that undo
 * only reverts this person's own changes. Then the legal-document rules: uids, derived numbers,
 * the question before a large deletion, the write gate, and the keys.
 */
import type { Command, Plugin } from 'prosemirror-state';
import { dropCursor } from 'prosemirror-dropcursor';
import { gapCursor } from 'prosemirror-gapcursor';
import { yCursorPlugin, ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import type { initProseMirrorDoc } from 'y-prosemirror';
import type * as Y from 'yjs';
import { editGatePlugin } from './edit-gate.ts';
import { initialSelectionPlugin } from './initial-selection.ts';
import { largeDeleteGuardPlugin, type LargeDeleteHooks } from './large-delete-guard.ts';
import { editorKeymaps } from './keymap.ts';
import { numberingPlugin } from './numbering-decorations.ts';
import { buildRemoteCursor, remoteSelectionAttrs, showRemoteCursor } from './remote-cursor.ts';
import type { EditorCommandId } from './shortcuts.ts';
import { uidPlugin } from './uid-plugin.ts';
import { viewListenerPlugin, type ViewListener } from './view-listener.ts';

export interface PluginOptions {
  fragment: Y.XmlFragment;
  awareness: Awareness;
  commands: Record<EditorCommandId, Command>;
  canEditNow: () => boolean;
  onUpdate: ViewListener;
  /** Told when a structural shortcut did nothing where the caret is, so the page can say so. */
  onCommandRefused?: (id: EditorCommandId) => void;
  /** Asks before a local deletion of more than three whole artículos or a whole título. */
  largeDelete?: LargeDeleteHooks;
  /** Plugins of features around the text (provenance marks), placed before the view listener. */
  extraPlugins?: readonly Plugin[];
}

/** The y-prosemirror mapping between the fragment's types and the initial document's nodes. */
export type InitialMapping = ReturnType<typeof initProseMirrorDoc>['mapping'];

/**
 * `mapping` must describe the state's initial document (y-prosemirror's `initProseMirrorDoc`).
 * Without it the sync plugin re-renders the document when the view is created and sets a text
 * selection on the still-empty document, which ProseMirror warns about on every page load.
 */
export function editorPlugins(options: PluginOptions, mapping: InitialMapping): Plugin[] {
  return [
    ySyncPlugin(options.fragment, { mapping }),
    yCursorPlugin(options.awareness, {
      cursorBuilder: buildRemoteCursor,
      selectionBuilder: remoteSelectionAttrs,
      awarenessStateFilter: showRemoteCursor,
    }),
    yUndoPlugin(),
    initialSelectionPlugin(),
    uidPlugin(),
    numberingPlugin(),
    ...(options.largeDelete ? [largeDeleteGuardPlugin(options.largeDelete, options.canEditNow)] : []),
    editGatePlugin(options.canEditNow),
    ...editorKeymaps(options.commands, options.onCommandRefused),
    dropCursor({ color: '#1d4e89', width: 2 }),
    gapCursor(),
    ...(options.extraPlugins ?? []),
    viewListenerPlugin(options.onUpdate),
  ];
}
