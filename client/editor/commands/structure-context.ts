/**
 * Where the selection stands in the legal structure: which article, apartado, transitory article
 * or body block it is in. Every structural command starts here.
 */
import type { Node as PMNode, NodeType, ResolvedPos } from 'prosemirror-model';
import { NodeSelection, type EditorState } from 'prosemirror-state';
import { type BlockKind, isBlockKind, legalSchema, NodeName } from '../../../shared/schema/legal-schema.ts';

/** A node found around the selection, with the position just before it. */
export interface Located {
  node: PMNode;
  pos: number;
  depth: number;
}

/** Looks up a node type of the one schema the editor uses; a missing name is a programming error. */
export function nodeType(name: string): NodeType {
  const type = legalSchema.nodes[name];
  if (!type) throw new Error(`legal schema has no node type "${name}"`);
  return type;
}

/** The innermost ancestor of `$pos` (the node at its own depth included) with one of the given types. */
export function ancestorOf($pos: ResolvedPos, names: ReadonlySet<string>): Located | null {
  for (let depth = $pos.depth; depth > 0; depth--) {
    const node = $pos.node(depth);
    if (names.has(node.type.name)) return { node, pos: $pos.before(depth), depth };
  }
  return null;
}

const ARTICLE_LIKE: ReadonlySet<string> = new Set([NodeName.articulo, NodeName.transitorio]);

/**
 * The article (or transitory article) the selection is in; a selected article node counts too,
 * so the commands work after clicking an article's edge or selecting it whole.
 */
export function currentArticle(state: EditorState, names: ReadonlySet<string> = ARTICLE_LIKE): Located | null {
  const { selection } = state;
  if (selection instanceof NodeSelection && names.has(selection.node.type.name)) {
    return { node: selection.node, pos: selection.from, depth: selection.$from.depth + 1 };
  }
  return ancestorOf(selection.$from, names);
}

/** The textblock holding the selection's start, when the selection starts in one. */
export function currentTextblock(state: EditorState): Located | null {
  const { $from } = state.selection;
  if (!$from.parent.isTextblock) return null;
  return { node: $from.parent, pos: $from.before(), depth: $from.depth };
}

/** The body blocks (parrafo, numeral, fraccion, inciso) that the selection touches. */
export function selectedBodyBlocks(state: EditorState): Array<{ node: PMNode; pos: number }> {
  const { from, to } = state.selection;
  const blocks: Array<{ node: PMNode; pos: number }> = [];
  state.doc.nodesBetween(from, to, (node, pos) => {
    if (node.isTextblock) {
      if (isBlockKind(node.type.name)) blocks.push({ node, pos });
      return false;
    }
    return true;
  });
  return blocks;
}

/** The kind of a body block node, or null for any other node. */
export function blockKindOf(node: PMNode): BlockKind | null {
  const name = node.type.name;
  return isBlockKind(name) ? name : null;
}
