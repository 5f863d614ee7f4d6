/**
 * Where a comment's passage is in the editor now: its ends (the comment's own, or those the server
 * made where a relocated passage stands) resolved against the live Y.Doc, as the provenance marks
 * are (client/provenance/link-ranges.ts), and mapped to ProseMirror positions. Null when the
 * passage does not resolve here (orphaned, or the editor and the Y.Doc disagree for a moment).
 */
import type { Node as PMNode } from 'prosemirror-model';
import type * as Y from 'yjs';
import type { TextPlace } from '../../shared/provenance/article-text.ts';
import { resolvePassage, type PassageEnds } from '../../shared/provenance/passage-resolution.ts';
import { articlePositions, textPositions, type TextPositions } from '../provenance/article-positions.ts';

function pmPosition(place: TextPlace | null, positions: TextPositions): number | null {
  if (!place) return null;
  const start = positions.get(place.text);
  return start === undefined ? null : start + place.offset;
}

/** The passage's range in `doc` (the editor document bound to `ydoc`), or null. */
export function passageRange(ends: PassageEnds, doc: PMNode, ydoc: Y.Doc): { from: number; to: number } | null {
  const resolved = resolvePassage(ydoc, ends);
  if (resolved.state !== 'live') return null;
  const articlePos = articlePositions(doc).get(resolved.articleUid);
  if (articlePos === undefined) return null;
  const positions = textPositions(doc, articlePos, resolved.article.article);
  if (!positions) return null;
  const from = pmPosition(resolved.article.placeOfStart(resolved.from), positions);
  const to = pmPosition(resolved.article.placeOfEnd(resolved.to), positions);
  return from === null || to === null || to <= from ? null : { from, to };
}
