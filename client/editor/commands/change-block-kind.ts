/**
 * Changing what a body block is (párrafo, numeral, fracción, inciso). The block keeps its uid: it
 * is the same passage, only its place in the numbering changes. Blocks whose container does not
 * allow the new kind (the preamble holds only paragraphs) are left as they are.
 *
 * In the shared document a block of another kind is another element: the old one is deleted and
 * a new one inserted, and text someone else types into the old one meanwhile is dropped. With a
 * guard, the command declines while another person's cursor is inside a block it would change.
 */
import type { Command, EditorState, Transaction } from 'prosemirror-state';
import type { BlockKind } from '../../../shared/schema/legal-schema.ts';
import type { StructureGuard } from '../presence-guard.ts';
import { blockKindOf, nodeType, selectedBodyBlocks } from './structure-context.ts';

/** The list levels in order, shallowest first; párrafo stands outside the hierarchy, before it. */
export const LEVEL_ORDER: readonly BlockKind[] = ['parrafo', 'numeral', 'fraccion', 'inciso'];

interface KindChanges {
  tr: Transaction;
  changed: number;
  /** The blocks the transaction changes, as `[from, to]` ranges of `state.doc`. */
  ranges: Array<[number, number]>;
}

function changeKinds(state: EditorState, pick: (current: BlockKind) => BlockKind | null): KindChanges {
  const tr = state.tr;
  let changed = 0;
  const ranges: Array<[number, number]> = [];
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
    ranges.push([pos, pos + node.nodeSize]);
  }
  return { tr, changed, ranges };
}

/**
 * Dispatches the change unless another person is working in one of the blocks; then the guard is
 * told and nothing changes (the command still counts as handled, see move-article.ts).
 */
function applyKindChanges(state: EditorState, dispatch: ((tr: Transaction) => void) | undefined, changes: KindChanges, guard?: StructureGuard): boolean {
  if (changes.changed === 0) return false;
  if (!dispatch) return true;
  for (const [from, to] of changes.ranges) {
    const person = guard?.personIn(state, from, to) ?? null;
    if (person !== null) {
      guard?.declined('change-kind', person);
      return true;
    }
  }
  dispatch(changes.tr.scrollIntoView());
  return true;
}

/** Turns the selected body blocks into `kind`. */
export function setBlockKind(kind: BlockKind, guard?: StructureGuard): Command {
  return (state, dispatch) => applyKindChanges(state, dispatch, changeKinds(state, () => kind), guard);
}

/** Moves the selected blocks one level deeper (+1: numeral → fracción → inciso) or shallower (-1). */
export function shiftBlockLevel(delta: 1 | -1, guard?: StructureGuard): Command {
  return (state, dispatch) =>
    applyKindChanges(state, dispatch, changeKinds(state, (current) => LEVEL_ORDER[LEVEL_ORDER.indexOf(current) + delta] ?? null), guard);
}
