/**
 * A thread in the margin: its first comment, its replies (loaded only when asked for, a page at a
 * time, oldest first) and the reply form. Replies are one level deep, so every reply answers the
 * thread. A hidden thread keeps its replies: each is shown or hidden on its own.
 */
import { COMMENT_PAGE_DEFAULT, COMMENT_PAGE_MAX, type ServedComment } from '../../shared/comments/comment-types.ts';
import { el } from '../ui/element.ts';
import type { Localizer } from '../ui/i18n.ts';
import { commentErrorText } from './comment-errors.ts';
import { CommentForm } from './comment-form.ts';
import { type CommentViewHooks, CommentView } from './comment-view.ts';

export interface ThreadViewHooks extends CommentViewHooks {
  docId: string;
  /** The send shortcut as printed for people ("Ctrl+Intro"). */
  sendKeys: () => string;
  /** After this person replied (the panel's counts change). */
  replied: () => void;
}

let nextThreadId = 1;

export class ThreadView {
  readonly element: HTMLLIElement;
  private readonly view: CommentView;
  private readonly id = nextThreadId++;
  private readonly toggle: HTMLButtonElement;
  private readonly replyButton: HTMLButtonElement | null;
  private readonly list: HTMLOListElement;
  private readonly more: HTMLButtonElement;
  private readonly status = el('p', { class: 'muted comment-replies-status', hidden: true });
  private readonly replyForm: CommentForm | null;
  private readonly replies = new Map<string, CommentView>();
  private expanded = false;
  private next: string | null = null;
  private loadSeq = 0;

  constructor(
    private readonly i18n: Localizer,
    thread: ServedComment,
    private readonly hooks: ThreadViewHooks,
  ) {
    this.view = new CommentView(i18n, thread, hooks);
    this.list = el('ol', { class: 'comment-replies', id: `thread-${this.id}-replies`, hidden: true, 'data-testid': 'comment-replies' });
    this.toggle = el('button', { type: 'button', class: 'button comment-action', 'aria-controls': this.list.id, 'aria-expanded': 'false', 'data-testid': 'comment-replies-toggle' });
    this.toggle.addEventListener('click', () => void this.setExpanded(!this.expanded));
    this.more = el('button', { type: 'button', class: 'button comment-more', hidden: true, 'data-testid': 'comment-replies-more' });
    this.more.addEventListener('click', () => void this.loadMore());
    if (hooks.permissions.comment) {
      this.replyButton = el('button', { type: 'button', class: 'button comment-action', 'aria-expanded': 'false', 'data-testid': 'comment-reply' });
      this.replyForm = new CommentForm(i18n, {
        id: `thread-${this.id}-reply`,
        label: 'comments.reply.label',
        submit: 'comments.reply.submit',
        sendKeys: hooks.sendKeys,
        send: (body) => this.sendReply(body),
        closed: () => this.replyButton?.setAttribute('aria-expanded', 'false'),
      });
      this.replyButton.addEventListener('click', () => {
        this.replyButton?.setAttribute('aria-expanded', 'true');
        this.replyForm?.open(() => this.replyButton?.focus());
      });
    } else {
      this.replyButton = null;
      this.replyForm = null;
    }
    this.element = el(
      'li',
      { class: 'comment-thread', 'data-testid': 'comment-thread', 'data-comment-id': thread.id },
      this.view.element,
      this.replyForm?.element ?? null,
      this.status,
      this.list,
      this.more,
    );
    this.localize();
  }

  get thread(): ServedComment {
    return this.view.current;
  }

  /** Draws the thread again from a newer answer, and its shown replies from the server. */
  update(thread: ServedComment): void {
    this.view.update(thread);
    this.localizeControls();
    if (this.expanded) void this.reloadReplies();
  }

  /** Puts the focus on the thread's first comment. */
  focus(): void {
    this.view.focus();
  }

  localize(): void {
    this.view.localize();
    this.replyForm?.localize();
    for (const reply of this.replies.values()) reply.localize();
    this.localizeControls();
  }

  private localizeControls(): void {
    const t = this.i18n.t.bind(this.i18n);
    const count = this.thread.replyCount;
    this.toggle.hidden = count === 0 && this.replies.size === 0;
    this.toggle.textContent = this.expanded ? t('comments.replies.hide') : t(count === 1 ? 'comments.replies.show.one' : 'comments.replies.show.many', { count });
    if (this.replyButton) this.replyButton.textContent = t('comments.reply.open');
    this.more.textContent = t('comments.replies.more', { count: Math.max(0, count - this.replies.size) });
    this.more.hidden = !this.expanded || this.next === null;
    this.view.setExtras([this.replyButton, this.toggle].filter((b): b is HTMLButtonElement => b !== null));
  }

  private async setExpanded(expanded: boolean): Promise<void> {
    this.expanded = expanded;
    this.toggle.setAttribute('aria-expanded', String(expanded));
    this.list.hidden = !expanded;
    if (expanded) await this.reloadReplies();
    this.localizeControls();
  }

  /** Loads the replies from the first, as many as are shown (at least one page). */
  private reloadReplies(): Promise<void> {
    const seq = ++this.loadSeq;
    const limit = Math.min(COMMENT_PAGE_MAX, Math.max(COMMENT_PAGE_DEFAULT, this.replies.size));
    this.showStatus(this.replies.size === 0 ? this.i18n.t('comments.replies.loading') : null);
    return this.hooks.api
      .replies(this.thread.id, { limit })
      .then((page) => {
        if (seq !== this.loadSeq) return;
        this.showStatus(null);
        this.next = page.next;
        this.place(page.replies, true);
      })
      .catch((error: unknown) => {
        if (seq !== this.loadSeq) return;
        this.showStatus(this.i18n.t('comments.replies.error', { message: commentErrorText(this.i18n.t.bind(this.i18n), error) }));
      })
      .finally(() => this.localizeControls());
  }

  private async loadMore(): Promise<void> {
    const after = this.next;
    if (after === null) return;
    const seq = ++this.loadSeq;
    const before = this.replies.size;
    this.more.setAttribute('aria-disabled', 'true');
    try {
      const page = await this.hooks.api.replies(this.thread.id, { after });
      if (seq !== this.loadSeq) return;
      this.next = page.next;
      this.place(page.replies, false);
      // The first new reply takes the focus, so the keyboard continues where the list grew.
      [...this.replies.values()][before]?.focus();
      this.hooks.say(this.i18n.t('comments.replies.moreLoaded', { count: page.replies.length }));
    } catch (error) {
      this.hooks.say(commentErrorText(this.i18n.t.bind(this.i18n), error));
    } finally {
      this.more.removeAttribute('aria-disabled');
      this.localizeControls();
    }
  }

  /** Shows these replies in order (all of them when `replace`, else after those shown), reusing drawn ones. */
  private place(replies: readonly ServedComment[], replace: boolean): void {
    const keep = replace ? new Set(replies.map((r) => r.id)) : null;
    if (keep) {
      for (const [id, view] of this.replies) {
        if (keep.has(id)) continue;
        view.element.parentElement?.remove();
        this.replies.delete(id);
      }
    }
    let cursor: Element | null = replace ? this.list.firstElementChild : null;
    for (const reply of replies) {
      let view = this.replies.get(reply.id);
      if (view) view.update(reply);
      else {
        view = new CommentView(this.i18n, reply, this.hooks);
        this.replies.set(reply.id, view);
      }
      const item = view.element.parentElement ?? el('li', { class: 'comment-reply', 'data-testid': 'comment-reply-item' }, view.element);
      // Only what is out of place moves: moving an element would take the focus from it.
      if (replace) {
        if (item !== cursor) this.list.insertBefore(item, cursor);
        cursor = item.nextElementSibling;
      } else if (item.parentElement !== this.list) {
        this.list.append(item);
      }
    }
  }

  private async sendReply(body: string): Promise<void> {
    const thread = this.thread;
    const reply = await this.hooks.api.create(this.hooks.docId, { articleUid: thread.articleUid, parentId: thread.id, body });
    this.view.update({ ...thread, replyCount: thread.replyCount + 1 });
    this.hooks.say(this.i18n.t('comments.reply.done'));
    if (!this.expanded) await this.setExpanded(true);
    else await this.reloadReplies();
    // After the form closed (and gave the focus back to "Responder"), the new reply takes it.
    window.setTimeout(() => this.replies.get(reply.id)?.focus(), 0);
    this.hooks.replied();
  }

  private showStatus(text: string | null): void {
    this.status.hidden = text === null;
    this.status.textContent = text ?? '';
  }
}
