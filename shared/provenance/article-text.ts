/**
 * The text of one article as provenance sees it: every Y.XmlText inside the article element (its
 * epígrafe and every block, also inside apartados), in document order, blocks joined by "\n". A
 * passage is a range of this flat text, so it may span several blocks of one article.
 */
import * as Y from 'yjs';
import { PROSEMIRROR_FRAGMENT } from '../protocol/collab.ts';
import { NodeName } from '../schema/legal-schema.ts';

/** Elements that are articles for provenance: numbered articles and transitory articles. */
const ARTICLE_NODES: ReadonlySet<string> = new Set([NodeName.articulo, NodeName.transitorio]);

/** What provenance needs of any Yjs shared type: its place in the tree (Yjs types are invariant in their event type). */
export interface YNode {
  _item: Y.Item | null;
  doc: Y.Doc | null;
}

/** Stands in for a non-text embed so character offsets agree with Yjs indices. */
const EMBED_CHAR = '\uFFFC';

/** The plain characters of a text (formatting dropped), with Yjs's indexing. */
export function plainText(text: Y.XmlText): string {
  let out = '';
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue;
    out += item.content instanceof Y.ContentString ? item.content.str : EMBED_CHAR.repeat(item.length);
  }
  return out;
}

/** True when the type and all its ancestors are present in the document's `prosemirror` fragment. */
export function isLiveType(type: YNode): boolean {
  let current: YNode = type;
  while (current._item !== null) {
    if (current._item.deleted) return false;
    current = current._item.parent as YNode;
  }
  return current.doc !== null && (current.doc.share.get(PROSEMIRROR_FRAGMENT) as YNode | undefined) === current;
}

/** The article element that contains `type`, or null (preámbulo, headings of títulos …). */
export function enclosingArticle(type: YNode): Y.XmlElement | null {
  let current: YNode | null = type;
  while (current !== null) {
    if (current instanceof Y.XmlElement && ARTICLE_NODES.has(current.nodeName)) return current;
    current = current._item === null ? null : (current._item.parent as YNode);
  }
  return null;
}

export function articleUidOf(article: Y.XmlElement): string {
  return String(article.getAttribute('uid') ?? '');
}

/** Every article element of the fragment by uid (the present ones: deleted copies are not listed). */
export function articlesByUid(fragment: Y.XmlFragment): Map<string, Y.XmlElement> {
  const out = new Map<string, Y.XmlElement>();
  const walk = (parent: Y.XmlFragment | Y.XmlElement): void => {
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (ARTICLE_NODES.has(child.nodeName)) out.set(articleUidOf(child), child);
      // Only containers can hold articles; text blocks never do.
      else if (child.nodeName === NodeName.titulo || child.nodeName === NodeName.capitulo || child.nodeName === NodeName.transitorios) walk(child);
    }
  };
  walk(fragment);
  return out;
}

/** A place in one text: the text and a character offset in it. */
export interface TextPlace {
  text: Y.XmlText;
  offset: number;
}

/** The flat text of an article and the mapping between its offsets and its Y.XmlTexts. */
export class ArticleText {
  readonly texts: Y.XmlText[] = [];
  /** Offset in `flat` where each text starts. */
  private readonly starts: number[] = [];
  private readonly lengths: number[] = [];
  private readonly indexOfText = new Map<Y.XmlText, number>();
  readonly flat: string;

  constructor(readonly article: Y.XmlElement) {
    const parts: string[] = [];
    let offset = 0;
    let previousParent: unknown = null;
    const visit = (element: Y.XmlElement): void => {
      for (const child of element.toArray()) {
        if (child instanceof Y.XmlElement) visit(child);
        else if (child instanceof Y.XmlText) {
          // Texts of the same block (y-prosemirror may split a block's content) join without a break.
          if (this.texts.length > 0 && child.parent !== previousParent) {
            parts.push('\n');
            offset += 1;
          }
          const content = plainText(child);
          this.indexOfText.set(child, this.texts.length);
          this.texts.push(child);
          this.starts.push(offset);
          this.lengths.push(content.length);
          parts.push(content);
          offset += content.length;
          previousParent = child.parent;
        }
      }
    };
    visit(article);
    this.flat = parts.join('');
  }

  /** The flat offset of `offset` in `text`, or null when the text is not in this article. */
  flatOffset(text: Y.XmlText, offset: number): number | null {
    const index = this.indexOfText.get(text);
    if (index === undefined) return null;
    return (this.starts[index] ?? 0) + Math.min(offset, this.lengths[index] ?? 0);
  }

  /** Where the character at flat offset `flat` is (a block break counts as the next text's start). */
  placeOfStart(flat: number): TextPlace | null {
    for (let i = 0; i < this.texts.length; i++) {
      const start = this.starts[i] ?? 0;
      const length = this.lengths[i] ?? 0;
      if (length > 0 && flat < start + length) return { text: this.texts[i] as Y.XmlText, offset: Math.max(0, flat - start) };
    }
    return null;
  }

  /** Where a range ending (exclusively) at flat offset `flat` ends: just after its last character. */
  placeOfEnd(flat: number): TextPlace | null {
    for (let i = this.texts.length - 1; i >= 0; i--) {
      const start = this.starts[i] ?? 0;
      const length = this.lengths[i] ?? 0;
      if (length > 0 && flat > start) return { text: this.texts[i] as Y.XmlText, offset: Math.min(length, flat - start) };
    }
    return null;
  }
}

/**
 * Memoises ArticleText per article element. Valid while the document does not change: the server
 * keeps one per document version, a client makes a fresh one per use.
 */
export class ArticleTextCache {
  private readonly cache = new Map<Y.XmlElement, ArticleText>();

  of(article: Y.XmlElement): ArticleText {
    let text = this.cache.get(article);
    if (!text) {
      text = new ArticleText(article);
      this.cache.set(article, text);
    }
    return text;
  }
}
