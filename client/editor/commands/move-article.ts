/**
 * Moving the current article up or down. Within its título or capítulo it swaps places with its
 * neighbour; at the edge it crosses into the neighbouring capítulo (or título), becoming the last
 * article there when moving up and the first when moving down, so repeated presses walk an article
 * through the whole document one place at a time. Transitory articles move within the transitory
 * section.
 *
 * The article node itself is moved, not rebuilt: its uid and every uid inside it stay the same.
 * Its number changes, because numbers come from position.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { TextSelection, type Command, type EditorState } from 'prosemirror-state';
import { NodeName } from '../../../shared/schema/legal-schema.ts';
import { currentArticle } from './structure-context.ts';

export type Direction = 'up' | 'down';

/** A run of articles that share a parent: a título's own articles, or a capítulo's. */
interface ArticleSlot {
  /** Where the first article would go. */
  start: number;
  /** Where an article appended after the last one would go. */
  end: number;
}

/** The article slots in document order. A título that has capítulos and no article of its own offers no slot. */
export function articleSlots(doc: PMNode): ArticleSlot[] {
  const slots: ArticleSlot[] = [];
  doc.forEach((top, topPos) => {
    if (top.type.name !== NodeName.titulo) return;
    const nameSize = top.firstChild?.nodeSize ?? 0;
    let ownEnd = topPos + 1 + nameSize;
    let ownArticles = 0;
    let chapters = 0;
    const chapterSlots: ArticleSlot[] = [];
    top.forEach((child, offset) => {
      const childPos = topPos + 1 + offset;
      if (child.type.name === NodeName.articulo) {
        ownArticles++;
        ownEnd = childPos + child.nodeSize;
      } else if (child.type.name === NodeName.capitulo) {
        chapters++;
        chapterSlots.push({ start: childPos + 1 + (child.firstChild?.nodeSize ?? 0), end: childPos + child.nodeSize - 1 });
      }
    });
    if (ownArticles > 0 || chapters === 0) slots.push({ start: topPos + 1 + nameSize, end: ownEnd });
    slots.push(...chapterSlots);
  });
  return slots;
}

/** Where the article at `pos` would go, before removing it, or null when it cannot move that way. */
function targetPosition(doc: PMNode, pos: number, node: PMNode, direction: Direction): number | null {
  const $pos = doc.resolve(pos);
  const parent = $pos.parent;
  const index = $pos.index();
  if (direction === 'up') {
    const previous = index > 0 ? parent.child(index - 1) : null;
    if (previous && previous.type === node.type) return pos - previous.nodeSize;
  } else {
    const next = index + 1 < parent.childCount ? parent.child(index + 1) : null;
    if (next && next.type === node.type) return pos + node.nodeSize + next.nodeSize;
  }
  if (node.type.name !== NodeName.articulo) return null;
  const slots = articleSlots(doc);
  const here = slots.findIndex((slot) => slot.start <= pos && pos < slot.end);
  if (here < 0) return null;
  const neighbour = slots[direction === 'up' ? here - 1 : here + 1];
  if (!neighbour) return null;
  return direction === 'up' ? neighbour.end : neighbour.start;
}

/** Moves the current article one place up or down, keeping the selection inside it. */
export function moveArticle(direction: Direction): Command {
  return (state: EditorState, dispatch) => {
    const article = currentArticle(state);
    if (!article) return false;
    const { node, pos } = article;
    const target = targetPosition(state.doc, pos, node, direction);
    if (target === null) return false;
    if (dispatch) {
      const { anchor, head } = state.selection;
      const tr = state.tr.delete(pos, pos + node.nodeSize);
      const insertAt = tr.mapping.map(target);
      tr.insert(insertAt, node);
      const inside = (at: number): number => Math.min(Math.max(at - pos, 1), node.nodeSize - 1) + insertAt;
      tr.setSelection(TextSelection.between(tr.doc.resolve(inside(anchor)), tr.doc.resolve(inside(head))));
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}
