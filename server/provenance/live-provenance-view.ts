/**
 * Provenance read against one version of a live document: which articles exist (with their
 * current numbers), where each link's passage is now, and whether an orphaned quote can be found
 * again. Built once per document version and thrown away at the next change, so resolving many
 * links costs one pass over the document plus a small step per link. Never writes to the Y.Doc.
 */
import type { Node as PMNode } from 'prosemirror-model';
import type * as Y from 'yjs';
import type { LinkStatus, PassageAnchor, ProvenanceLink, ResolvedLink } from '../../shared/provenance/link-types.ts';
import { ArticleTextCache, articlesByUid } from '../../shared/provenance/article-text.ts';
import { passageContext, passageInArticle } from '../../shared/provenance/passage-anchoring.ts';
import { findQuote } from '../../shared/provenance/passage-reanchoring.ts';
import { type PassageEnds, resolvePassage } from '../../shared/provenance/passage-resolution.ts';
import { documentOutline } from '../../shared/schema/outline.ts';

export interface ArticleInfo {
  uid: string;
  /** A numbered article or a transitory one. */
  kind: 'articulo' | 'transitorio';
  num: string;
  eId: string;
  heading: string;
}

interface Resolution {
  status: Exclude<LinkStatus, 'retired'>;
  text: string | null;
  reanchorable: boolean;
}

/** Why a passage offered for a new link was refused. */
export type PassageRefusal = 'anchor-mismatch' | 'outside-article';

export class LiveProvenanceView {
  private readonly articleInfo = new Map<string, ArticleInfo>();
  private articleElements: Map<string, Y.XmlElement> | null = null;
  private readonly texts = new ArticleTextCache();
  /** A link's anchor never changes, so its resolution is valid for the whole version. */
  private readonly resolutions = new Map<string, Resolution>();

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

  private resolution(link: ProvenanceLink): Resolution {
    const cached = this.resolutions.get(link.id);
    if (cached) return cached;
    let result: Resolution;
    if (!link.anchor) {
      result = { status: this.articleInfo.has(link.articleUid) ? 'live' : 'orphaned', text: null, reanchorable: false };
    } else {
      const passage = resolvePassage(this.doc, link.anchor, this.texts);
      result =
        passage.state === 'live'
          ? { status: 'live', text: passage.text, reanchorable: false }
          : { status: 'orphaned', text: null, reanchorable: this.findAgain(link.articleUid, link.anchor) !== null };
    }
    this.resolutions.set(link.id, result);
    return result;
  }

  /** The link with what it points at now. */
  resolve(link: ProvenanceLink): ResolvedLink {
    const article = this.article(link.articleUid);
    const articleOut = article ? { num: article.num, eId: article.eId, heading: article.heading } : null;
    if (link.retired) return { ...link, status: 'retired', article: articleOut, text: null, reanchorable: false };
    const { status, text, reanchorable } = this.resolution(link);
    return { ...link, status, article: articleOut, text, reanchorable };
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
    if (!found) return null;
    const ends = passageInArticle(text, found.from, found.to);
    if (!ends) return null;
    return { ...ends, quote: anchor.quote, ...passageContext(text, found.from, found.to) };
  }
}
