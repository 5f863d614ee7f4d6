/**
 * Where the document's provenance links are in the editor right now. The server lists the links
 * that are not retired as compact marks (a relocated passage with the ends where it stands now);
 * their passages are resolved here, against the live Y.Doc, from the Yjs relative positions, so a
 * mark follows its characters through everyone's edits without asking the server again.
 *
 * The article counts are the reports' (server/provenance/answer-index.ts): a source counts
 * when a live link that is not `declined` ties it to the article (a whole-article link, or a passage
 * that resolves); sources only declined there are counted apart; an orphaned passage counts for
 * neither, until it is re-anchored.
 */
import type { Node as PMNode } from 'prosemirror-model';
import type * as Y from 'yjs';
import { ArticleTextCache, type TextPlace } from '../../shared/provenance/article-text.ts';
import type { LinkMark, LinkRelation } from '../../shared/provenance/link-types.ts';
import { resolvePassage } from '../../shared/provenance/passage-resolution.ts';
import { articlePositions, textPositions, type TextPositions } from './article-positions.ts';

/** One linked passage as a ProseMirror range. */
export interface PassageRange {
  from: number;
  to: number;
  linkId: string;
  sourceId: string;
  articleUid: string;
  relation: LinkRelation;
  /** The server placed it where its quote stands again (ResolvedLink.relocated). */
  relocated: boolean;
}

export interface ArticleSources {
  /** The position before the article. */
  pos: number;
  /** Distinct sources with a live link that is not `declined`. */
  sources: Set<string>;
  /** Distinct sources whose only live links here are `declined`. */
  declined: Set<string>;
}

export interface LinkRanges {
  passages: PassageRange[];
  /** Every article in the document with live links: its position and its sources, counted as the reports count them. */
  articles: Map<string, ArticleSources>;
  /**
   * Articles (uid → position) holding a passage that does not resolve here, or one the server
   * relocated: where the server may answer differently after the article changes (the same text
   * back after an undo; a relocated passage's context edited), so the editor asks again then.
   */
  watched: Map<string, number>;
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
  const out: LinkRanges = { passages: [], articles: new Map(), watched: new Map() };
  const count = (articleUid: string, sourceId: string, relation: LinkRelation): void => {
    const pos = articlesAt.get(articleUid);
    if (pos === undefined) return;
    let entry = out.articles.get(articleUid);
    if (!entry) out.articles.set(articleUid, (entry = { pos, sources: new Set(), declined: new Set() }));
    (relation === 'declined' ? entry.declined : entry.sources).add(sourceId);
  };
  for (const [linkId, articleUid, sourceId, start, end, relation, relocated] of marks) {
    if (start === null || end === null) {
      count(articleUid, sourceId, relation);
      continue;
    }
    const resolved = resolvePassage(ydoc, { start, end }, texts);
    const watchedPos = articlesAt.get(articleUid);
    if ((resolved.state !== 'live' || relocated) && watchedPos !== undefined) out.watched.set(articleUid, watchedPos);
    if (resolved.state !== 'live') continue;
    count(resolved.articleUid, sourceId, relation);
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
    out.passages.push({ from, to, linkId, sourceId, articleUid: resolved.articleUid, relation, relocated });
  }
  // A source answered here is not also listed as declined here.
  for (const entry of out.articles.values()) for (const source of entry.sources) entry.declined.delete(source);
  return out;
}
