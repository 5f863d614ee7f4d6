/**
 * Enter in legal text. Splitting a numeral gives two numerals (not a numeral and a paragraph, as
 * ProseMirror's default would): the new block keeps the kind. Both halves start with the same uid
 * and the uid plugin decides which half keeps it. Enter at the end of an epígrafe starts the body
 * under it, with the kind of the block that follows (or a numeral). Enter at the very start of a
 * block opens an empty block of the same kind above it, and the text keeps its block (and uid).
 * Enter in an empty fracción or inciso lifts it one level instead, as in any outline editor.
 */
import type { Node as PMNode, ResolvedPos } from 'prosemirror-model';
import { splitBlockAs } from 'prosemirror-commands';
import { TextSelection, type Command } from 'prosemirror-state';
import { type BlockKind, isBlockKind, NodeName } from '../../../shared/schema/legal-schema.ts';
import { newUid } from '../../../shared/schema/uid.ts';
import { shiftBlockLevel } from './change-block-kind.ts';
import { nodeType } from './structure-context.ts';

const HEADINGS_WITH_BODY: ReadonlySet<string> = new Set([NodeName.epigrafe, NodeName.apartadoEpigrafe]);

/** The kind of the first body block after the heading at `$from`, or numeral when there is none. */
function kindAfterHeading($from: ResolvedPos): BlockKind {
  const container = $from.node($from.depth - 1);
  const next = container.maybeChild($from.index($from.depth - 1) + 1);
  const name = next?.type.name ?? '';
  return isBlockKind(name) ? name : 'numeral';
}

const splitKeepingKind: Command = splitBlockAs((node: PMNode, _atEnd: boolean, $from: ResolvedPos) => {
  if (isBlockKind(node.type.name)) return { type: node.type, attrs: node.attrs };
  if (HEADINGS_WITH_BODY.has(node.type.name)) return { type: nodeType(kindAfterHeading($from)), attrs: { uid: newUid() } };
  return null;
});

const liftEmptyListBlock: Command = (state, dispatch) => {
  const { $from, empty } = state.selection;
  const kind = $from.parent.type.name;
  if (!empty || $from.parent.content.size > 0 || (kind !== 'fraccion' && kind !== 'inciso')) return false;
  return shiftBlockLevel(-1)(state, dispatch);
};

const openBlockAbove: Command = (state, dispatch) => {
  const { $from, empty } = state.selection;
  const block = $from.parent;
  if (!empty || $from.parentOffset > 0 || block.content.size === 0 || !isBlockKind(block.type.name)) return false;
  const pos = $from.before();
  if (dispatch) {
    const tr = state.tr.insert(pos, block.type.create({ uid: newUid() }));
    tr.setSelection(TextSelection.create(tr.doc, tr.mapping.map($from.pos))).scrollIntoView();
    dispatch(tr);
  }
  return true;
};

/** Enter: lift an empty fracción/inciso, open a block above at a block's start, else split keeping the kind. */
export const splitLegalBlock: Command = (state, dispatch, view) =>
  liftEmptyListBlock(state, dispatch, view) || openBlockAbove(state, dispatch, view) || splitKeepingKind(state, dispatch, view);
