/**
 * Comment passages read against one version of a live document, the way provenance links are
 * (server/provenance/live-provenance-view.ts): a passage's own ends first; when they no longer
 * resolve, its quote where it stood (findRelocation); otherwise orphaned, with its quote. Built once
 * per document version and dropped at the next change; never writes to the Y.Doc.
 */
import type * as Y from 'yjs';
import type { ResolvedCommentAnchor } from '../../shared/comments/comment-types.ts';
import { ArticleTextCache, articlesByUid } from '../../shared/provenance/article-text.ts';
import type { PassageAnchor } from '../../shared/provenance/link-types.ts';
import { passageInArticle } from '../../shared/provenance/passage-anchoring.ts';
import { findRelocation } from '../../shared/provenance/passage-reanchoring.ts';
import { resolvePassage } from '../../shared/provenance/passage-resolution.ts';

export class CommentAnchorView {
  private readonly texts = new ArticleTextCache();
  private articleElements: Map<string, Y.XmlElement> | null = null;
  /** A comment's anchor never changes, so its resolution holds for the whole version. */
  private readonly resolved = new Map<string, ResolvedCommentAnchor>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly fragment: Y.XmlFragment,
  ) {}

  /** Where the passage of comment `commentId` (on article `articleUid`) is now. */
  resolve(commentId: string, articleUid: string, anchor: PassageAnchor): ResolvedCommentAnchor {
    const cached = this.resolved.get(commentId);
    if (cached) return cached;
    const result = this.resolveNow(articleUid, anchor);
    this.resolved.set(commentId, result);
    return result;
  }

  private resolveNow(articleUid: string, anchor: PassageAnchor): ResolvedCommentAnchor {
    const stored = { quote: anchor.quote, prefix: anchor.prefix, suffix: anchor.suffix };
    const direct = resolvePassage(this.doc, anchor, this.texts);
    if (direct.state === 'live') {
      return { status: 'live', ...stored, text: direct.text, start: anchor.start, end: anchor.end, from: direct.from, to: direct.to };
    }
    this.articleElements ??= articlesByUid(this.fragment);
    const element = this.articleElements.get(articleUid);
    if (element) {
      const article = this.texts.of(element);
      const found = findRelocation(article, anchor.quote, anchor.prefix, anchor.suffix);
      // Ends made here, against the live document the editor shares, so it can mark where the passage stands now.
      const ends = found ? passageInArticle(article, found.from, found.to) : null;
      if (found && ends) {
        return { status: 'relocated', ...stored, text: article.flat.slice(found.from, found.to), start: ends.start, end: ends.end, from: found.from, to: found.to };
      }
    }
    return { status: 'orphaned', ...stored, text: null, start: null, end: null, from: null, to: null };
  }
}
