/**
 * The text of Yjs blocks with an author and a time for every run of characters, read from the
 * items themselves (which Yjs never re-identifies) and the server-stamped attribution index.
 */
import * as Y from 'yjs';
import type { Attribution, Stamp } from './attribution.ts';

/** A run of characters written by one person (stamp: their latest update in it; null before the log's first entry). */
export interface AttributedRun {
  text: string;
  stamp: Stamp | null;
}

export interface AttributedBlock {
  uid: string;
  /** The ProseMirror node name: epigrafe, parrafo, fraccion… */
  kind: string;
  runs: AttributedRun[];
}

/** The live characters of a text, each run with the log entry that inserted it. */
export function attributedRuns(text: Y.XmlText, attribution: Attribution): AttributedRun[] {
  const runs: AttributedRun[] = [];
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted || !(item.content instanceof Y.ContentString)) continue;
    const str = item.content.str;
    for (const piece of attribution.insertedRuns(item.id.client, item.id.clock, item.length)) {
      const chunk = str.slice(piece.offset, piece.offset + piece.length);
      // One run per stretch by one person (typing is one update per keystroke); it keeps the
      // stamp of its latest update, the time that person last wrote there.
      const previous = runs.at(-1);
      if (previous && (previous.stamp?.userId ?? null) === (piece.stamp?.userId ?? null)) {
        previous.text += chunk;
        if (piece.stamp && previous.stamp && piece.stamp.seq > previous.stamp.seq) previous.stamp = piece.stamp;
      } else runs.push({ text: chunk, stamp: piece.stamp });
    }
  }
  return runs;
}

/** Every text block inside `element` (its heading, paragraphs, also inside apartados), in order. */
export function textBlocks(element: Y.XmlElement): Array<{ uid: string; kind: string; text: Y.XmlText }> {
  const out: Array<{ uid: string; kind: string; text: Y.XmlText }> = [];
  const walk = (node: Y.XmlElement): void => {
    const children = node.toArray();
    const text = children.find((child): child is Y.XmlText => child instanceof Y.XmlText);
    // Headings carry no uid: they are named by their parent's uid and their kind (as in version-diff).
    const uid = node.getAttribute('uid');
    const parentUid = node.parent instanceof Y.XmlElement ? node.parent.getAttribute('uid') : undefined;
    if (text) out.push({ uid: typeof uid === 'string' ? uid : `${String(parentUid ?? '')}/${node.nodeName}`, kind: node.nodeName, text });
    for (const child of children) if (child instanceof Y.XmlElement) walk(child);
  };
  walk(element);
  return out;
}

/** Blame of an element: each block's runs by author. */
export function blameOf(element: Y.XmlElement, attribution: Attribution): AttributedBlock[] {
  return textBlocks(element).map((block) => ({ uid: block.uid, kind: block.kind, runs: attributedRuns(block.text, attribution) }));
}
