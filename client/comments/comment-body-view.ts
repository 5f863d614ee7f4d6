/**
 * A comment body in the page: text nodes, and `<a>` elements only for http(s) addresses
 * (body-links.ts), opened in a new tab with `rel="nofollow noopener noreferrer ugc"` (no ranking
 * credit for posted links, no access to this page from the opened one, no referrer, marked as
 * user-generated). Nothing here parses markup: a body holding `<script>` shows those characters.
 */
import { bodySegments } from './body-links.ts';

/** What of `document` rendering needs (tests pass a stand-in). */
export type NodeMaker = Pick<Document, 'createElement' | 'createTextNode'>;

export const COMMENT_LINK_REL = 'nofollow noopener noreferrer ugc';

/** Appends the body to `target` (an element styled with `white-space: pre-wrap`, so line breaks show). */
export function appendCommentBody(target: Pick<Element, 'append'>, body: string, maker: NodeMaker = document): void {
  for (const segment of bodySegments(body)) {
    if (segment.kind === 'text') {
      target.append(maker.createTextNode(segment.text));
      continue;
    }
    const link = maker.createElement('a');
    link.setAttribute('href', segment.href);
    link.setAttribute('rel', COMMENT_LINK_REL);
    link.setAttribute('target', '_blank');
    link.append(maker.createTextNode(segment.text));
    target.append(link);
  }
}
