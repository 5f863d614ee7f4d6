/**
 * "New apartado": an empty apartado (empty epígrafe, one empty numeral) after the current apartado,
 * or at the end of the article when the cursor is not in one (the schema puts apartados after the
 * article's own blocks). The cursor lands in the new apartado's epígrafe.
 */
import { TextSelection, type Command } from 'prosemirror-state';
import { NodeName } from '../../../shared/schema/legal-schema.ts';
import { newUid } from '../../../shared/schema/uid.ts';
import { ancestorOf, currentArticle, nodeType } from './structure-context.ts';

const APARTADO: ReadonlySet<string> = new Set([NodeName.apartado]);
const ARTICULO: ReadonlySet<string> = new Set([NodeName.articulo]);

/** Inserts an empty apartado in the current article. */
export const insertApartado: Command = (state, dispatch) => {
  const apartado = ancestorOf(state.selection.$from, APARTADO);
  const article = apartado ? null : currentArticle(state, ARTICULO);
  const pos = apartado ? apartado.pos + apartado.node.nodeSize : article ? article.pos + article.node.nodeSize - 1 : null;
  if (pos === null) return false;
  const type = nodeType(NodeName.apartado);
  const $pos = state.doc.resolve(pos);
  if (!$pos.parent.canReplaceWith($pos.index(), $pos.index(), type)) return false;
  if (dispatch) {
    const node = type.create({ uid: newUid() }, [
      nodeType(NodeName.apartadoEpigrafe).create(),
      nodeType(NodeName.numeral).create({ uid: newUid() }),
    ]);
    const tr = state.tr.insert(pos, node);
    tr.setSelection(TextSelection.create(tr.doc, pos + 2)).scrollIntoView();
    dispatch(tr);
  }
  return true;
};
