/**
 * What a comment says, as nodes: who wrote it and when (the commission's and the administration's
 * answers marked as such), the passage it is about (as it reads now, or its saved quote when the
 * text is gone), the body (comment-body-view.ts: text and safe links only), whether a member marked
 * the thread addressed (with the version that addressed it), and for a hidden comment the
 * moderator's reason: a placeholder for citizens and members, the whole comment for those who
 * moderate or audit. Controls are added by comment-view.ts.
 */
import type { AddressedMark, ServedComment } from '../../shared/comments/comment-types.ts';
import { formatDate } from '../provenance/source-labels.ts';
import { el } from '../ui/element.ts';
import type { Localizer } from '../ui/i18n.ts';
import { appendCommentBody } from './comment-body-view.ts';

function time(i18n: Localizer, millis: number): HTMLElement {
  return el('time', { datetime: new Date(millis).toISOString() }, formatDate(i18n, millis));
}

function byline(i18n: Localizer, comment: ServedComment): HTMLElement {
  const t = i18n.t.bind(i18n);
  if (!('author' in comment)) return el('p', { class: 'comment-byline' }, el('span', { class: 'comment-author' }, t('comments.hidden.author')), ' · ', time(i18n, comment.createdAt));
  const role = comment.author.role === 'member' ? t('comments.role.member') : comment.author.role === 'admin' ? t('comments.role.admin') : null;
  return el(
    'p',
    { class: 'comment-byline' },
    el('span', { class: 'comment-author', 'data-testid': 'comment-author' }, comment.author.name),
    role ? el('span', { class: 'badge comment-role' }, role) : null,
    ' · ',
    time(i18n, comment.createdAt),
  );
}

function passage(i18n: Localizer, comment: ServedComment): HTMLElement[] {
  const t = i18n.t.bind(i18n);
  if (comment.parentId !== null || !('anchor' in comment)) return [];
  const anchor = comment.anchor;
  if (anchor === null) return [el('p', { class: 'comment-scope', 'data-testid': 'comment-scope' }, t('comments.scope.article'))];
  if (anchor.status === 'orphaned') {
    return [
      el('p', { class: 'comment-orphaned', 'data-testid': 'comment-orphaned' }, t('comments.scope.orphaned')),
      // The constitution's text is Spanish whatever the interface language.
      el('blockquote', { class: 'comment-quote comment-quote-orphaned', lang: 'es', 'data-testid': 'comment-quote' }, anchor.quote),
    ];
  }
  return [el('p', { class: 'comment-scope' }, t('comments.scope.passage')), el('blockquote', { class: 'comment-quote', lang: 'es', 'data-testid': 'comment-quote' }, anchor.text ?? anchor.quote)];
}

/** Where the version that addressed a thread can be read. */
export function versionPath(docId: string, seq: number): string {
  return `/d/${encodeURIComponent(docId)}/history/${seq}`;
}

function addressed(i18n: Localizer, docId: string, mark: AddressedMark): HTMLElement {
  const t = i18n.t.bind(i18n);
  return el(
    'div',
    { class: 'comment-addressed', 'data-testid': 'comment-addressed' },
    el('p', {}, t('comments.addressed.by', { name: mark.by.name }), ' ', time(i18n, mark.at)),
    mark.seq === null ? null : el('p', {}, el('a', { href: versionPath(docId, mark.seq), 'data-testid': 'comment-addressed-version' }, t('comments.addressed.version', { seq: mark.seq }))),
    mark.note === '' ? null : el('p', { class: 'comment-addressed-note' }, t('comments.addressed.note'), ' ', mark.note),
  );
}

function body(text: string, extraClass = ''): HTMLElement {
  const element = el('div', { class: `comment-body ${extraClass}`.trim(), 'data-testid': 'comment-body' });
  appendCommentBody(element, text);
  return element;
}

/** The nodes of a comment, without controls. */
export function commentContent(i18n: Localizer, comment: ServedComment): HTMLElement[] {
  const t = i18n.t.bind(i18n);
  const parts: HTMLElement[] = [byline(i18n, comment), ...passage(i18n, comment)];
  if (!comment.hidden) {
    parts.push(body(comment.body));
  } else if ('body' in comment) {
    parts.push(
      el('p', { class: 'comment-hidden', 'data-testid': 'comment-hidden' }, t('comments.hidden.moderated', { name: comment.hiddenBy.name, reason: comment.reason }), ' ', time(i18n, comment.hiddenAt)),
      body(comment.body, 'comment-body-hidden'),
    );
  } else {
    parts.push(el('p', { class: 'comment-hidden', 'data-testid': 'comment-hidden' }, t('comments.hidden.placeholder', { reason: comment.reason }), ' ', time(i18n, comment.hiddenAt)));
  }
  if (comment.addressed) parts.push(addressed(i18n, comment.docId, comment.addressed));
  return parts;
}
