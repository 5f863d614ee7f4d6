/**
 * "New párrafo / numeral / fracción / inciso": a body block of the chosen kind right after the
 * current block (or, from an epígrafe, as the first block under it), with the cursor in it.
 * Numbers follow from position, so nothing else needs updating.
 *
 * An empty body block that is already there is used instead of adding another: the current block
 * when it is empty, or the empty block right after the current one (a new article's "1."). It takes
 * the chosen kind (keeping its uid) and receives the cursor, so keyboard insertion never leaves an
 * empty numbered block behind, nor puts the new block before one. Someone else's empty block (their
 * cursor is in it) is left alone.
 */
import { TextSelection, type Command, type EditorState, type Transaction } from 'prosemirror-state';
import type { Node as PMNode } from 'prosemirror-model';
import { type BlockKind, isBlockKind, NodeName } from '../../../shared/schema/legal-schema.ts';
import { newUid } from '../../../shared/schema/uid.ts';
import type { StructureGuard } from '../presence-guard.ts';
import { emptyBlockAfter } from './split-block.ts';
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

/** The empty body block the command may use instead of inserting one: the current block, or the one right after it. */
function emptyTarget(state: EditorState): { node: PMNode; pos: number } | null {
  const block = currentTextblock(state);
  if (!block) return null;
  if (isBlockKind(block.node.type.name) && block.node.content.size === 0) return block;
  if (!isBlockKind(block.node.type.name) && !HEADINGS_WITH_BODY.has(block.node.type.name)) return null;
  return emptyBlockAfter(state.selection.$from);
}

/**
 * The transaction that turns the empty block `target` into `kind` with the cursor in it, or null
 * when it cannot be used (the container does not allow the kind, or someone else is writing in it).
 */
export function reuseEmptyBlock(state: EditorState, target: { node: PMNode; pos: number }, kind: BlockKind, guard?: StructureGuard): Transaction | null {
  const type = nodeType(kind);
  const $target = state.doc.resolve(target.pos);
  if (!$target.parent.canReplaceWith($target.index(), $target.index() + 1, type)) return null;
  const tr = state.tr;
  if (target.node.type !== type) {
    // A kind change replaces the element in the shared document; never under someone's cursor.
    if (guard?.personIn(state, target.pos, target.pos + target.node.nodeSize) != null) return null;
    tr.setNodeMarkup(target.pos, type, target.node.attrs);
  }
  return tr.setSelection(TextSelection.create(tr.doc, target.pos + 1)).scrollIntoView();
}

/** Inserts a block of `kind` after the current block, or gives an empty block there that kind. */
export function insertBlockAfter(kind: BlockKind, guard?: StructureGuard): Command {
  return (state, dispatch) => {
    const pos = blockInsertionPoint(state);
    if (pos === null) return false;
    const target = emptyTarget(state);
    const reuse = target ? reuseEmptyBlock(state, target, kind, guard) : null;
    if (reuse) {
      if (dispatch) dispatch(reuse);
      return true;
    }
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

/** Inserts a block of the same kind as the current one (Mod-Enter). */
export function insertSameKindAfter(guard?: StructureGuard): Command {
  return (state, dispatch) => {
    const block = currentTextblock(state);
    if (!block || !isBlockKind(block.node.type.name)) return false;
    return insertBlockAfter(block.node.type.name, guard)(state, dispatch);
  };
}
