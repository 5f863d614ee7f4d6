/**
 * Finding structural nodes by uid and by position, for the outline (jump to an article, highlight
 * the article being edited). Walks stop at textblocks, so they visit the structure, not the text.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { NodeName } from '../../shared/schema/legal-schema.ts';

/** Position just before the node with `uid`, or null when no node has it. */
export function findPosByUid(doc: PMNode, uid: string): number | null {
  let found: number | null = null;
  doc.descendants((node, pos) => {
    if (found !== null) return false;
    if (node.attrs.uid === uid) {
      found = pos;
      return false;
    }
    return !node.isTextblock;
  });
  return found;
}

const OUTLINED: ReadonlySet<string> = new Set([
  NodeName.preambulo,
  NodeName.titulo,
  NodeName.capitulo,
  NodeName.articulo,
  NodeName.transitorios,
  NodeName.transitorio,
]);

/** The uid of the innermost outline entry (article, capítulo, título …) containing `pos`. */
export function outlineUidAt(doc: PMNode, pos: number): string | null {
  const $pos = doc.resolve(Math.max(0, Math.min(pos, doc.content.size)));
  for (let depth = $pos.depth; depth > 0; depth--) {
    const node = $pos.node(depth);
    if (OUTLINED.has(node.type.name) && typeof node.attrs.uid === 'string') return node.attrs.uid;
  }
  return null;
}
