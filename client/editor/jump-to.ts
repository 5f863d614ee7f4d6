/**
 * Moving the editor to a node named by uid (from the outline): the cursor goes to the start of its
 * heading or first block, the editor takes focus, and the node scrolls to the top of the view.
 */
import { TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { findPosByUid } from './find-node.ts';

/** Returns false when no node has that uid (it was deleted meanwhile). */
export function jumpToUid(view: EditorView, uid: string): boolean {
  const pos = findPosByUid(view.state.doc, uid);
  if (pos === null) return false;
  const selection = TextSelection.near(view.state.doc.resolve(pos + 1));
  view.dispatch(view.state.tr.setSelection(selection));
  if (view.editable) view.focus();
  else view.dom.focus({ preventScroll: true });
  const dom = view.nodeDOM(pos);
  if (dom instanceof HTMLElement) dom.scrollIntoView({ block: 'start' });
  return true;
}
