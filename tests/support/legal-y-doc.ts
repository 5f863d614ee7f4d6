/**
 * Navigating and editing the legal document at the Yjs level, the way y-prosemirror lays it out
 * (an XmlElement per node, an XmlText inside each text block). Tests use it to make real edits
 * through real providers without a browser.
 */
import * as Y from 'yjs';
import { newUid } from '../../shared/schema/uid.ts';

/** Every article element, in document order. */
export function articles(fragment: Y.XmlFragment): Y.XmlElement[] {
  const out: Y.XmlElement[] = [];
  const walk = (el: Y.XmlElement | Y.XmlFragment): void => {
    for (const child of el.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (child.nodeName === 'articulo') out.push(child);
      else if (child.nodeName === 'titulo' || child.nodeName === 'capitulo') walk(child);
    }
  };
  walk(fragment);
  return out;
}

/** Article `n` (1-based, as numbered). */
export function article(fragment: Y.XmlFragment, n: number): Y.XmlElement {
  const found = articles(fragment)[n - 1];
  if (!found) throw new Error(`no article ${n}`);
  return found;
}

/** The XmlText of a text block element. */
export function textOf(block: Y.XmlElement): Y.XmlText {
  const text = block.toArray().find((c): c is Y.XmlText => c instanceof Y.XmlText);
  if (!text) throw new Error(`${block.nodeName} has no text`);
  return text;
}

/** The epígrafe text of an article. */
export function epigrafe(articleEl: Y.XmlElement): Y.XmlText {
  const first = articleEl.get(0);
  if (!(first instanceof Y.XmlElement) || first.nodeName !== 'epigrafe') throw new Error('article without epígrafe');
  return textOf(first);
}

/** All text blocks (parrafo, numeral, fraccion, inciso) of the document, in order. */
export function textBlocks(fragment: Y.XmlFragment): Y.XmlElement[] {
  const kinds = new Set(['parrafo', 'numeral', 'fraccion', 'inciso']);
  const out: Y.XmlElement[] = [];
  const walk = (el: Y.XmlElement | Y.XmlFragment): void => {
    for (const child of el.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (kinds.has(child.nodeName)) out.push(child);
      else walk(child);
    }
  };
  walk(fragment);
  return out;
}

/** A new text block element as y-prosemirror would create it. */
export function newBlock(kind: 'parrafo' | 'numeral' | 'fraccion' | 'inciso', text: string): Y.XmlElement {
  const el = new Y.XmlElement(kind);
  el.setAttribute('uid', newUid());
  const t = new Y.XmlText();
  t.insert(0, text);
  el.insert(0, [t]);
  return el;
}

/** Inserts a numeral as the first body block of an article (right after its epígrafe). */
export function insertNumeral(articleEl: Y.XmlElement, text: string): Y.XmlElement {
  const block = newBlock('numeral', text);
  articleEl.insert(1, [block]);
  return block;
}
