/**
 * Changing what a body block is (párrafo, numeral, fracción, inciso). The block keeps its uid: it
 * is the same passage, only its place in the numbering changes. Blocks whose container does not
 * allow the new kind (the preamble holds only paragraphs) are left as they are.
 */
import type { Command, EditorState, Transaction } from 'prosemirror-state';
import type { BlockKind } from '../../../shared/schema/legal-schema.ts';
import { blockKindOf, nodeType, selectedBodyBlocks } from './structure-context.ts';

/** The list levels in order, shallowest first; párrafo stands outside the hierarchy, before it. */
export const LEVEL_ORDER: readonly BlockKind[] = ['parrafo', 'numeral', 'fraccion', 'inciso'];

function changeKinds(state: EditorState, pick: (current: BlockKind) => BlockKind | null): { tr: Transaction; changed: number } {
  const tr = state.tr;
  let changed = 0;
  for (const { node, pos } of selectedBodyBlocks(state)) {
    const current = blockKindOf(node);
    if (!current) continue;
    const target = pick(current);
    if (!target || target === current) continue;
    const type = nodeType(target);
    const $pos = state.doc.resolve(pos);
    const index = $pos.index();
    if (!$pos.parent.canReplaceWith(index, index + 1, type)) continue;
    tr.setNodeMarkup(pos, type, node.attrs, node.marks);
    changed++;
  }
  return { tr, changed };
}

/** Turns the selected body blocks into `kind`. */
export function setBlockKind(kind: BlockKind): Command {
  return (state, dispatch) => {
    const { tr, changed } = changeKinds(state, () => kind);
    if (changed === 0) return false;
    if (dispatch) dispatch(tr.scrollIntoView());
    return true;
  };
}

/** Moves the selected blocks one level deeper (+1: numeral → fracción → inciso) or shallower (-1). */
export function shiftBlockLevel(delta: 1 | -1): Command {
  return (state, dispatch) => {
    const { tr, changed } = changeKinds(state, (current) => LEVEL_ORDER[LEVEL_ORDER.indexOf(current) + delta] ?? null);
    if (changed === 0) return false;
    if (dispatch) dispatch(tr.scrollIntoView());
    return true;
  };
}
