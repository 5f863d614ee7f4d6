/**
 * "New apartado": an empty apartado (empty epígrafe, one empty numeral) after the current apartado,
 * or at the end of the article when the cursor is not in one (the schema puts apartados after the
 * article's own blocks). The cursor lands in the new apartado's epígrafe.
 *
 * When the article ends with an empty body block (a new article's "1."), that block becomes the
 * apartado's first block instead of staying behind, empty, with the apartado adding another.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { TextSelection, type Command } from 'prosemirror-state';
import { isBlockKind, NodeName } from '../../../shared/schema/legal-schema.ts';
import { newUid } from '../../../shared/schema/uid.ts';
import type { StructureGuard } from '../presence-guard.ts';
import { ancestorOf, currentArticle, nodeType } from './structure-context.ts';

const APARTADO: ReadonlySet<string> = new Set([NodeName.apartado]);
const ARTICULO: ReadonlySet<string> = new Set([NodeName.articulo]);

/** Inserts an empty apartado in the current article. */
export function insertApartado(guard?: StructureGuard): Command {
  return (state, dispatch) => {
    const apartado = ancestorOf(state.selection.$from, APARTADO);
    const article = apartado ? null : currentArticle(state, ARTICULO);
    const pos = apartado ? apartado.pos + apartado.node.nodeSize : article ? article.pos + article.node.nodeSize - 1 : null;
    if (pos === null) return false;
    const type = nodeType(NodeName.apartado);
    // The article's trailing empty block, unless someone else is writing in it.
    const last: PMNode | null = article?.node.lastChild ?? null;
    const trailing =
      last && isBlockKind(last.type.name) && last.content.size === 0 && guard?.personIn(state, pos - last.nodeSize, pos) == null
        ? { node: last, pos: pos - last.nodeSize }
        : null;
    const from = trailing ? trailing.pos : pos;
    const $from = state.doc.resolve(from);
    if (!$from.parent.canReplaceWith($from.index(), $from.index() + (trailing ? 1 : 0), type)) return false;
    if (dispatch) {
      const node = type.create({ uid: newUid() }, [
        nodeType(NodeName.apartadoEpigrafe).create(),
        trailing ? trailing.node : nodeType(NodeName.numeral).create({ uid: newUid() }),
      ]);
      const tr = state.tr.replaceWith(from, pos, node);
      tr.setSelection(TextSelection.create(tr.doc, from + 2)).scrollIntoView();
      dispatch(tr);
    }
    return true;
  };
}
