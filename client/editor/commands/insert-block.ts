/**
 * "New párrafo / numeral / fracción / inciso": an empty body block of the chosen kind right after
 * the current block (or, from an epígrafe, as the first block under it), with the cursor in it.
 * Numbers follow from position, so nothing else needs updating.
 */
import { TextSelection, type Command, type EditorState } from 'prosemirror-state';
import { type BlockKind, isBlockKind, NodeName } from '../../../shared/schema/legal-schema.ts';
import { newUid } from '../../../shared/schema/uid.ts';
import { currentTextblock, nodeType } from './structure-context.ts';

const HEADINGS_WITH_BODY: ReadonlySet<string> = new Set([NodeName.epigrafe, NodeName.apartadoEpigrafe]);

/** Position right after the current block where a body block may go, or null. */
function blockInsertionPoint(state: EditorState): number | null {
  const block = currentTextblock(state);
  if (!block) return null;
  const name = block.node.type.name;
  if (!isBlockKind(name) && !HEADINGS_WITH_BODY.has(name)) return null;
  return block.pos + block.node.nodeSize;
}

/** Inserts an empty block of `kind` after the current block. */
export function insertBlockAfter(kind: BlockKind): Command {
  return (state, dispatch) => {
    const pos = blockInsertionPoint(state);
    if (pos === null) return false;
    const type = nodeType(kind);
    const $pos = state.doc.resolve(pos);
    if (!$pos.parent.canReplaceWith($pos.index(), $pos.index(), type)) return false;
    if (dispatch) {
      const tr = state.tr.insert(pos, type.create({ uid: newUid() }));
      tr.setSelection(TextSelection.create(tr.doc, pos + 1)).scrollIntoView();
      dispatch(tr);
    }
    return true;
  };
}

/** Inserts an empty block of the same kind as the current one (Mod-Enter). */
export const insertSameKindAfter: Command = (state, dispatch) => {
  const block = currentTextblock(state);
  if (!block || !isBlockKind(block.node.type.name)) return false;
  return insertBlockAfter(block.node.type.name)(state, dispatch);
};
