/**
 * Where the document's provenance links are in the editor right now. The server lists the live
 * links as compact marks; their passages are resolved here, against the live Y.Doc, from the Yjs
 * relative positions, so a mark follows its characters through everyone's edits without asking the
 * server again.
 */
import type { Node as PMNode } from 'prosemirror-model';
import type * as Y from 'yjs';
import { ArticleTextCache, type TextPlace } from '../../shared/provenance/article-text.ts';
import type { LinkMark } from '../../shared/provenance/link-types.ts';
import { resolvePassage } from '../../shared/provenance/passage-resolution.ts';
import { articlePositions, textPositions, type TextPositions } from './article-positions.ts';

/** One linked passage as a ProseMirror range. */
export interface PassageRange {
  from: number;
  to: number;
  linkId: string;
  sourceId: string;
  articleUid: string;
}

export interface LinkRanges {
  passages: PassageRange[];
  /** For every article in the document with links that are not retired: its position and its distinct sources. */
  articles: Map<string, { pos: number; sources: Set<string> }>;
}

function pmPosition(place: TextPlace | null, positions: TextPositions): number | null {
  if (!place) return null;
  const start = positions.get(place.text);
  return start === undefined ? null : start + place.offset;
}

/** Resolves the marks against `ydoc` and maps them onto `doc`, which must be the editor document bound to it. */
export function linkRanges(marks: readonly LinkMark[], doc: PMNode, ydoc: Y.Doc): LinkRanges {
  const articlesAt = articlePositions(doc);
  const texts = new ArticleTextCache();
  const positionsOf = new Map<string, TextPositions | null>();
  const out: LinkRanges = { passages: [], articles: new Map() };
  for (const [linkId, articleUid, sourceId, start, end] of marks) {
    const articlePos = articlesAt.get(articleUid);
    if (articlePos !== undefined) {
      let entry = out.articles.get(articleUid);
      if (!entry) out.articles.set(articleUid, (entry = { pos: articlePos, sources: new Set() }));
      entry.sources.add(sourceId);
    }
    if (start === null || end === null) continue;
    const resolved = resolvePassage(ydoc, { start, end }, texts);
    if (resolved.state !== 'live') continue;
    const pos = articlesAt.get(resolved.articleUid);
    if (pos === undefined) continue;
    let positions = positionsOf.get(resolved.articleUid);
    if (positions === undefined) {
      positions = textPositions(doc, pos, resolved.article.article);
      positionsOf.set(resolved.articleUid, positions);
    }
    if (!positions) continue;
    const from = pmPosition(resolved.article.placeOfStart(resolved.from), positions);
    const to = pmPosition(resolved.article.placeOfEnd(resolved.to), positions);
    if (from === null || to === null || to <= from) continue;
    out.passages.push({ from, to, linkId, sourceId, articleUid: resolved.articleUid });
  }
  return out;
}
