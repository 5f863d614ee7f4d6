/**
 * "New article": an empty article (empty epígrafe, one empty numeral) right after the current one,
 * with the cursor in its epígrafe. In the transitory section the same command adds a transitory
 * article. From a título's or capítulo's name it adds the first article of that título or capítulo.
 */
import { TextSelection, type Command, type EditorState } from 'prosemirror-state';
import { NodeName } from '../../../shared/schema/legal-schema.ts';
import { newUid } from '../../../shared/schema/uid.ts';
import { currentArticle, nodeType } from './structure-context.ts';

const CONTAINER_NAMES: ReadonlySet<string> = new Set([NodeName.tituloNombre, NodeName.capituloNombre]);

/** Where the new article goes, and whether it is a transitory article. */
function insertionPoint(state: EditorState): { pos: number; transitory: boolean } | null {
  const article = currentArticle(state);
  if (article) {
    return { pos: article.pos + article.node.nodeSize, transitory: article.node.type.name === NodeName.transitorio };
  }
  const { $from } = state.selection;
  if ($from.parent.isTextblock && CONTAINER_NAMES.has($from.parent.type.name)) return { pos: $from.after(), transitory: false };
  if ($from.parent.type.name === NodeName.transitoriosNombre) return { pos: $from.after(), transitory: true };
  return null;
}

/** Inserts an empty article after the current one and puts the cursor in its epígrafe. */
export const insertArticle: Command = (state, dispatch) => {
  const point = insertionPoint(state);
  if (!point) return false;
  const $pos = state.doc.resolve(point.pos);
  const type = nodeType(point.transitory ? NodeName.transitorio : NodeName.articulo);
  if (!$pos.parent.canReplaceWith($pos.index(), $pos.index(), type)) return false;
  if (dispatch) {
    const node = point.transitory
      ? type.create({ uid: newUid() }, nodeType(NodeName.parrafo).create({ uid: newUid() }))
      : type.create({ uid: newUid() }, [nodeType(NodeName.epigrafe).create(), nodeType(NodeName.numeral).create({ uid: newUid() })]);
    const tr = state.tr.insert(point.pos, node);
    // Inside the new node's first textblock: the epígrafe, or the transitory article's paragraph.
    tr.setSelection(TextSelection.create(tr.doc, point.pos + 2)).scrollIntoView();
    dispatch(tr);
  }
  return true;
};
