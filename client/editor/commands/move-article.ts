/**
 * Moving the current article up or down. Within its título or capítulo it swaps places with its
 * neighbour; at the edge it crosses into the neighbouring capítulo (or título), becoming the last
 * article there when moving up and the first when moving down, so repeated presses walk an article
 * through the whole document one place at a time. Transitory articles move within the transitory
 * section.
 *
 * The article node itself is moved, not rebuilt: its uid and every uid inside it stay the same.
 * Its number changes, because numbers come from position.
 *
 * In the shared document the move is made directly on the Y.Doc, as a delete of the article's
 * element plus the insert of a copy, in one Yjs transaction. Left to y-prosemirror, the same
 * ProseMirror change would not be a move at all: its diff matches elements by type, so it rewrites
 * the two neighbouring articles in place (text, uids and all). Anything another person typed into
 * them meanwhile would then merge into whichever article now stands there, silently. As a real
 * delete plus insert, such typing lands in the removed copy, which the server detects and hands
 * back to its author. With a guard, the command declines while someone else's cursor is inside
 * the article (see presence-guard.ts), so that this rarely has to happen.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { TextSelection, type Command, type EditorState, type Transaction } from 'prosemirror-state';
import { ySyncPluginKey } from 'y-prosemirror';
import * as Y from 'yjs';
import { NodeName } from '../../../shared/schema/legal-schema.ts';
import { findPosByUid } from '../find-node.ts';
import type { StructureGuard } from '../presence-guard.ts';
import { type YBinding, yBindingOf, ySlotAt } from '../y-binding.ts';
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

/**
 * Moves the article in the Y.Doc (delete plus re-insert of a copy, one transaction with
 * y-prosemirror's origin, so that Yjs undo takes it back in one step); y-prosemirror then updates
 * the editor. Returns the editor state after the move, or null when the two trees disagree (then
 * nothing changed).
 */
function moveInYDoc(binding: YBinding, state: EditorState, pos: number, node: PMNode, target: number): EditorState | null {
  const source = ySlotAt(binding.fragment, state.doc, pos);
  const destination = ySlotAt(binding.fragment, state.doc, target);
  const element: unknown = source?.parent.get(source.index);
  if (!source || !destination || !(element instanceof Y.XmlElement)) return null;
  if (element.nodeName !== node.type.name || element.getAttribute('uid') !== node.attrs.uid) return null;
  binding.doc.transact(() => {
    const copy = element.clone();
    source.parent.delete(source.index, 1);
    const at = destination.parent === source.parent && destination.index > source.index ? destination.index - 1 : destination.index;
    destination.parent.insert(at, [copy]);
  }, ySyncPluginKey);
  return binding.liveState();
}

/**
 * Moves the current article one place up or down, keeping the selection inside it. When another
 * person is working in the article, nothing moves: the guard is told (so the page can say who) and
 * the command still counts as handled, so the key does nothing else and no "not possible" message
 * covers the explanation.
 */
export function moveArticle(direction: Direction, guard?: StructureGuard): Command {
  return (state: EditorState, dispatch) => {
    const article = currentArticle(state);
    if (!article) return false;
    const { node, pos } = article;
    const target = targetPosition(state.doc, pos, node, direction);
    if (target === null) return false;
    if (!dispatch) return true;
    // Only when actually moving: availability checks (the toolbar) keep the button usable, and
    // pressing it then explains why it waits.
    const person = guard?.personIn(state, pos, pos + node.nodeSize) ?? null;
    if (person !== null) {
      guard?.declined('move-article', person);
      return true;
    }
    const { anchor, head } = state.selection;
    const inside = (at: number, insertAt: number): number => Math.min(Math.max(at - pos, 1), node.nodeSize - 1) + insertAt;
    const keepSelection = (tr: Transaction, insertAt: number): Transaction =>
      tr.setSelection(TextSelection.between(tr.doc.resolve(inside(anchor, insertAt)), tr.doc.resolve(inside(head, insertAt)))).scrollIntoView();

    const binding = yBindingOf(state);
    if (binding) {
      const moved = moveInYDoc(binding, state, pos, node, target);
      const uid = node.attrs.uid;
      const insertAt = moved && typeof uid === 'string' ? findPosByUid(moved.doc, uid) : null;
      if (!moved || insertAt === null) return false;
      // The article's content is unchanged, so the selection keeps its offsets inside it.
      dispatch(keepSelection(moved.tr, insertAt));
      return true;
    }
    // An editor without a shared document (tests, tools): a plain ProseMirror move.
    const tr = state.tr.delete(pos, pos + node.nodeSize);
    const insertAt = tr.mapping.map(target);
    tr.insert(insertAt, node);
    dispatch(keepSelection(tr, insertAt));
    return true;
  };
}
