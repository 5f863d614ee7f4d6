/**
 * What "Comentar" comments on: the selected passage, or the whole article the caret is in when
 * nothing is selected. The passage is anchored exactly as a provenance link
 * (client/provenance/selection-passage.ts: Yjs relative positions and the quote read as the server
 * reads it), which the server checks again (422 anchor-mismatch when the text changed meanwhile).
 */
import type { EditorState } from 'prosemirror-state';
import type * as Y from 'yjs';
import { type LinkTarget, linkTarget } from '../provenance/selection-passage.ts';

export type CommentTarget = Extract<LinkTarget, { ok: true }>;
export type CommentTargetRefusal = Extract<LinkTarget, { ok: false }>['reason'];

/** The target of the current selection, or why there is none. */
export function commentTarget(state: EditorState, fragment: Y.XmlFragment): LinkTarget {
  return linkTarget(state, fragment);
}
