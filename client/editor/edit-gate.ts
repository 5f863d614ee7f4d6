/**
 * The editor's write gate. A read-only role, a client that has not loaded the document yet, and a
 * client whose connection was refused for good must not change the document: the server would
 * refuse the change anyway, and an unsaved change that silently disappears is worse than a key
 * that does nothing. Remote changes always pass.
 *
 * ProseMirror's `editable` prop only stops typing; commands bound to keys still dispatch, so the
 * gate also filters transactions.
 */
import { Plugin, PluginKey } from 'prosemirror-state';
import { isRemoteTransaction } from './transaction-origin.ts';

export const editGateKey = new PluginKey('carta-edit-gate');

/** Refuses local document changes whenever `canEditNow()` is false. */
export function editGatePlugin(canEditNow: () => boolean): Plugin {
  return new Plugin({
    key: editGateKey,
    filterTransaction: (tr) => !tr.docChanged || isRemoteTransaction(tr) || canEditNow(),
    props: {
      editable: () => canEditNow(),
    },
  });
}
