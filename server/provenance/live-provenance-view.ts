/**
 * Provenance read against one version of a live document: which articles exist (with their
 * current numbers), where each link's passage is now, and whether an orphaned quote can be found
 * again. Built once per document version and thrown away at the next change, so resolving many
 * links costs one pass over the document plus a small step per link. Never writes to the Y.Doc.
 */
import type { Node as PMNode } from 'prosemirror-model';
import type * as Y from 'yjs';
import type { LinkMark, LinkStatus, PassageAnchor, ProvenanceLink, ResolvedLink } from '../../shared/provenance/link-types.ts';
import { type ArticleText, ArticleTextCache, articlesByUid } from '../../shared/provenance/article-text.ts';
import { passageContext, passageInArticle } from '../../shared/provenance/passage-anchoring.ts';
import { findQuote, findRelocation } from '../../shared/provenance/passage-reanchoring.ts';
import { type PassageEnds, type PassageResolution, resolvePassage } from '../../shared/provenance/passage-resolution.ts';
import { documentOutline } from '../../shared/schema/outline.ts';

export interface ArticleInfo {
  uid: string;
  /** A numbered article or a transitory one. */
  kind: 'articulo' | 'transitorio';
  num: string;
  eId: string;
  heading: string;
}

/** Where a live passage stands now: its article's text and the range in it. */
interface Place {
  article: ArticleText;
  from: number;
  to: number;
}

interface Resolution {
  status: Exclude<LinkStatus, 'retired'>;
  text: string | null;
  reanchorable: boolean;
  relocated: boolean;
  /** For a live passage; null for a whole-article link and an orphaned passage. */
  place: Place | null;
}

/** Why a passage offered for a new link was refused. */
export type PassageRefusal = 'anchor-mismatch' | 'outside-article';

export class LiveProvenanceView {
  private readonly articleInfo = new Map<string, ArticleInfo>();
  private articleElements: Map<string, Y.XmlElement> | null = null;
  private readonly texts = new ArticleTextCache();
  /** A link's anchor never changes, so its resolution is valid for the whole version. */
  private readonly resolutions = new Map<string, Resolution>();
  /** Where each link's own ends are (before any relocation), by link id. */
  private readonly direct = new Map<string, PassageResolution>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly fragment: Y.XmlFragment,
    pmDoc: PMNode,
  ) {
    for (const entry of documentOutline(pmDoc)) {
      if (entry.kind === 'articulo' || entry.kind === 'transitorio') {
        this.articleInfo.set(entry.uid, { uid: entry.uid, kind: entry.kind, num: entry.num, eId: entry.eId, heading: entry.heading });
      }
    }
  }

  /** The article's current number, eId and heading, or null when it is not in the document. */
  article(uid: string): ArticleInfo | null {
    return this.articleInfo.get(uid) ?? null;
  }

  /** Every article (numbered and transitory) in document order. */
  articles(): ArticleInfo[] {
    return [...this.articleInfo.values()];
  }

  private elementOf(uid: string): Y.XmlElement | null {
    this.articleElements ??= articlesByUid(this.fragment);
    return this.articleElements.get(uid) ?? null;
  }

  /** Where the link's own ends are now (memoised per link for this version). */
  private directResolution(linkId: string, ends: PassageEnds): PassageResolution {
    let passage = this.direct.get(linkId);
    if (!passage) {
      passage = resolvePassage(this.doc, ends, this.texts);
      this.direct.set(linkId, passage);
    }
    return passage;
  }

  /**
   * True when the passage's own ends still resolve. Most passages do, and need nothing else of
   * their link: the editor's marks are read this way first (server/provenance/link-marks.ts).
   */
  resolvesDirectly(linkId: string, ends: PassageEnds): boolean {
    return this.directResolution(linkId, ends).state === 'live';
  }

  private resolution(link: ProvenanceLink): Resolution {
    const cached = this.resolutions.get(link.id);
    if (cached) return cached;
    let result: Resolution;
    if (!link.anchor) {
      result = { status: this.articleInfo.has(link.articleUid) ? 'live' : 'orphaned', text: null, reanchorable: false, relocated: false, place: null };
    } else {
      const passage = this.directResolution(link.id, link.anchor);
      const relocated = passage.state === 'live' ? null : this.relocation(link.articleUid, link.anchor);
      if (passage.state === 'live') {
        result = { status: 'live', text: passage.text, reanchorable: false, relocated: false, place: { article: passage.article, from: passage.from, to: passage.to } };
      } else if (relocated) {
        result = { status: 'live', text: relocated.article.flat.slice(relocated.from, relocated.to), reanchorable: false, relocated: true, place: relocated };
      } else {
        result = { status: 'orphaned', text: null, reanchorable: this.findAgain(link.articleUid, link.anchor) !== null, relocated: false, place: null };
      }
    }
    this.resolutions.set(link.id, result);
    return result;
  }

  /** Where an orphaned passage's quote stands again in its article, as its context says (findRelocation), or null. */
  private relocation(articleUid: string, anchor: PassageAnchor): Place | null {
    const element = this.elementOf(articleUid);
    if (!element) return null;
    const article = this.texts.of(element);
    const found = findRelocation(article, anchor.quote, anchor.prefix, anchor.suffix);
    return found ? { article, ...found } : null;
  }

  /** The link with what it points at now. */
  resolve(link: ProvenanceLink): ResolvedLink {
    const article = this.article(link.articleUid);
    const articleOut = article ? { num: article.num, eId: article.eId, heading: article.heading } : null;
    if (link.retired) return { ...link, status: 'retired', article: articleOut, text: null, reanchorable: false, relocated: false };
    const { status, text, reanchorable, relocated } = this.resolution(link);
    return { ...link, status, article: articleOut, text, reanchorable, relocated };
  }

  /**
   * The editor's mark of a link that is not retired. A relocated passage is marked where it stands
   * now (ends made here, against the live document the editor shares); any other passage keeps its
   * own ends, which the editor resolves itself.
   */
  mark(link: ProvenanceLink): LinkMark {
    const resolution = this.resolution(link);
    const ends = resolution.relocated && resolution.place ? passageInArticle(resolution.place.article, resolution.place.from, resolution.place.to) : null;
    const start = ends?.start ?? link.anchor?.start ?? null;
    const end = ends?.end ?? link.anchor?.end ?? null;
    return [link.id, link.articleUid, link.sourceId, start, end, link.relation, ends !== null];
  }

  /**
   * The first of `links` that is live and points at the same thing as a new link with `anchor` would
   * (an anchor checkPassage accepted in this version, or null for the whole article): both the whole
   * article, or passages over the same characters of the same article. The caller has already
   * matched the article, the source and the relation.
   */
  sameTarget(anchor: PassageAnchor | null, links: readonly ProvenanceLink[]): ProvenanceLink | null {
    const candidate = anchor ? resolvePassage(this.doc, anchor, this.texts) : null;
    for (const link of links) {
      if (link.retired) continue;
      const resolution = this.resolution(link);
      if (resolution.status !== 'live') continue;
      if (!anchor || !candidate) {
        if (!link.anchor) return link;
        continue;
      }
      const place = resolution.place;
      if (candidate.state === 'live' && place && place.article === candidate.article && place.from === candidate.from && place.to === candidate.to) return link;
    }
    return null;
  }

  /**
   * The anchor for a new link, read by the server itself: the passage between the ends must be
   * live, lie inside the named article and read exactly `quote`. The context is computed here, never
   * taken from the client.
   */
  checkPassage(articleUid: string, passage: PassageEnds & { quote: string }): PassageAnchor | PassageRefusal {
    const resolved = resolvePassage(this.doc, passage, this.texts);
    if (resolved.state !== 'live') return resolved.reason === 'outside-article' ? 'outside-article' : 'anchor-mismatch';
    if (resolved.articleUid !== articleUid) return 'outside-article';
    if (resolved.text !== passage.quote) return 'anchor-mismatch';
    const context = passageContext(resolved.article, resolved.from, resolved.to);
    return { start: passage.start, end: passage.end, quote: resolved.text, ...context };
  }

  /** A new anchor where the quote of an orphaned passage occurs now in its article, or null. */
  findAgain(articleUid: string, anchor: PassageAnchor): PassageAnchor | null {
    const element = this.elementOf(articleUid);
    if (!element) return null;
    const text = this.texts.of(element);
    const found = findQuote(text, anchor.quote, anchor.prefix, anchor.suffix);
    return found ? anchorAt({ article: text, ...found }) : null;
  }

  /**
   * The anchor a re-anchoring gives the link: where a relocated passage stands (so the successor is
   * the passage everyone already sees), else where findAgain finds an orphaned one's quote; null
   * when the link is live in place, a whole-article link, or its quote no longer occurs.
   */
  reanchorTarget(link: ProvenanceLink): PassageAnchor | null {
    if (!link.anchor || link.retired) return null;
    const resolution = this.resolution(link);
    if (resolution.relocated && resolution.place) return anchorAt(resolution.place);
    return resolution.status === 'orphaned' ? this.findAgain(link.articleUid, link.anchor) : null;
  }
}

/** A fresh anchor over `[from, to)` of an article, with the context read there; null for an empty range. */
function anchorAt(place: Place): PassageAnchor | null {
  const ends = passageInArticle(place.article, place.from, place.to);
  if (!ends) return null;
  return { ...ends, quote: place.article.flat.slice(place.from, place.to), ...passageContext(place.article, place.from, place.to) };
}
