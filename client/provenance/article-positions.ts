/**
 * Where an article's Y.XmlTexts are in the editor's document. Provenance counts characters in the
 * Yjs tree (shared/provenance/article-text.ts); the editor counts ProseMirror positions. The two
 * trees have the same shape — containers hold one element per child node, a textblock holds its
 * text — so walking them side by side gives, for each Y.XmlText, the ProseMirror position of its
 * first character. Any disagreement (the binding mid-update) answers null rather than a wrong place.
 */
import type { Node as PMNode } from 'prosemirror-model';
import * as Y from 'yjs';
import { NodeName } from '../../shared/schema/legal-schema.ts';

/** Article-like nodes: the ones a provenance link may point at. */
export const LINKABLE_ARTICLES: ReadonlySet<string> = new Set([NodeName.articulo, NodeName.transitorio]);

/** The ProseMirror position of the first character of each Y.XmlText of the article. */
export type TextPositions = Map<Y.XmlText, number>;

function walk(node: PMNode, before: number, element: Y.XmlElement, out: TextPositions): boolean {
  if (element.nodeName !== node.type.name) return false;
  const uid: unknown = node.attrs.uid;
  if (typeof uid === 'string' && element.getAttribute('uid') !== uid) return false;
  const children = element.toArray();
  if (node.isTextblock) {
    let at = before + 1;
    for (const child of children) {
      // The legal schema has no inline nodes besides text.
      if (!(child instanceof Y.XmlText)) return false;
      out.set(child, at);
      at += child.length;
    }
    return at === before + 1 + node.content.size;
  }
  if (children.length !== node.childCount) return false;
  let ok = true;
  node.forEach((child, offset, index) => {
    const yChild = children[index];
    if (ok) ok = yChild instanceof Y.XmlElement && walk(child, before + 1 + offset, yChild, out);
  });
  return ok;
}

/** The positions of the article node at `articlePos` (the position before it), or null when the trees disagree. */
export function textPositions(doc: PMNode, articlePos: number, yArticle: Y.XmlElement): TextPositions | null {
  const node = doc.nodeAt(articlePos);
  if (!node) return null;
  const out: TextPositions = new Map();
  return walk(node, articlePos, yArticle, out) ? out : null;
}

/** The position before every linkable article of the document, by uid. */
export function articlePositions(doc: PMNode): Map<string, number> {
  const out = new Map<string, number>();
  doc.descendants((node, pos) => {
    if (LINKABLE_ARTICLES.has(node.type.name)) {
      const uid: unknown = node.attrs.uid;
      if (typeof uid === 'string') out.set(uid, pos);
      return false;
    }
    return !node.isTextblock;
  });
  return out;
}

/** The Y element of the article with this uid in the bound fragment, found along the same path as in `doc`. */
export function yArticleAt(fragment: Y.XmlFragment, doc: PMNode, articlePos: number): Y.XmlElement | null {
  const $pos = doc.resolve(articlePos);
  let parent: Y.XmlFragment | Y.XmlElement = fragment;
  for (let depth = 0; depth <= $pos.depth; depth++) {
    const index = $pos.index(depth);
    const child: unknown = parent.get(index);
    const pmChild = depth < $pos.depth ? $pos.node(depth + 1) : $pos.parent.child(index);
    if (!(child instanceof Y.XmlElement) || child.nodeName !== pmChild.type.name) return null;
    parent = child;
  }
  return parent instanceof Y.XmlElement ? parent : null;
}
