/**
 * What the reading room shows under each article about citizen participation: how many comments
 * (replies and hidden ones included, as every public count) and how many people support or oppose
 * it. Counts only: no comment text ever reaches the reading room, so nothing a moderator hid can
 * leak through it. Shown for every article, zeros included, so that "none yet" reads as such.
 */
import type { ArticleCommentCounts } from '../../shared/comments/comment-types.ts';
import { type Lang, translate } from '../../shared/i18n/index.ts';
import { html } from './escape-html.ts';

const NO_COUNTS: ArticleCommentCounts = { threads: 0, comments: 0, support: 0, oppose: 0 };

const numberFormats: Record<Lang, Intl.NumberFormat> = { es: new Intl.NumberFormat('es-MX'), en: new Intl.NumberFormat('en-US') };

/** The whole place under one article (its `data-comments-slot` names the article's uid). */
export function renderArticleResponses(uid: string, counts: ArticleCommentCounts | undefined, lang: Lang): string {
  const { comments, support, oppose } = counts ?? NO_COUNTS;
  const count = (n: number): string => numberFormats[lang].format(n);
  const item = (kind: string, n: number, text: string): string => `<span class="rr-count" data-count="${kind}" data-value="${n}">${html(text)}</span>`;
  const items = [
    item('comments', comments, translate(lang, comments === 1 ? 'readingRoom.responses.comments.one' : 'readingRoom.responses.comments.many', { count: count(comments) })),
    item('support', support, translate(lang, 'readingRoom.responses.support', { count: count(support) })),
    item('oppose', oppose, translate(lang, 'readingRoom.responses.oppose', { count: count(oppose) })),
  ];
  return (
    `<div class="rr-responses" data-comments-slot="${html(uid)}" lang="${lang}">` +
    `<p class="rr-counts"><span class="rr-counts-label">${html(translate(lang, 'readingRoom.responses.label'))}</span> ${items.join('<span aria-hidden="true"> · </span>')}</p></div>`
  );
}
