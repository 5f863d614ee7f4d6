/**
 * The comments of the article where the caret is, in the margin: how many threads it has, support
 * and opposition, the first page of its threads (newest first; "more" fetches the next by cursor),
 * each with its replies on demand, and the form for a new comment on the selected passage or the
 * whole article. The page passes the server's `comments-changed` notices to `changed()`, and the
 * panel asks again for what it shows: nothing polls. While a new comment is being written the panel
 * stays on its article, so moving the caret does not take the form away.
 */
import { COMMENT_PAGE_DEFAULT, COMMENT_PAGE_MAX, type ServedComment, type ThreadPage } from '../../shared/comments/comment-types.ts';
import type { PassageEnds } from '../../shared/provenance/passage-resolution.ts';
import { ApiError } from '../session/api-client.ts';
import { el } from '../ui/element.ts';
import type { Localizer } from '../ui/i18n.ts';
import type { CommentApi } from './comment-api.ts';
import { commentErrorText } from './comment-errors.ts';
import { CommentForm } from './comment-form.ts';
import type { CommentPermissions } from './comment-permissions.ts';
import type { CommentTarget } from './comment-target.ts';
import { StanceControl } from './stance-control.ts';
import { ThreadView } from './thread-view.ts';

export interface CommentsPanelHooks {
  api: CommentApi;
  docId: string;
  myId: string;
  permissions: CommentPermissions;
  /** "Artículo 13" for an article uid, in the current language. */
  articleLabel: (uid: string) => string;
  say: (message: string) => void;
  /** The send shortcut ("Ctrl+Intro") and the comment shortcut ("Ctrl+Alt+M"), as printed for people. */
  sendKeys: () => string;
  commentKeys: () => string;
  /** The comment shortcut in aria-keyshortcuts syntax. */
  commentAriaKeys: string;
  /** The panel's "Comentar" button: the page reads the selection and calls compose(). */
  commentHere: (origin: HTMLElement | null) => void;
  /** Selects a comment's passage in the text; false when it is not there now. */
  showInText: ((comment: ServedComment) => boolean) | null;
  /** Opens the moderation queue (admins), or null. */
  openModeration: (() => void) | null;
}

/** How long the caret must rest in an article before its comments are asked for. */
const SHOW_DELAY_MS = 150;

type LoadState = { kind: 'idle' } | { kind: 'loading' } | { kind: 'error'; error: unknown } | { kind: 'ready' };

export class CommentsPanel {
  readonly element: HTMLElement;
  private readonly heading = el('h3', { class: 'comments-title', id: 'comments-title', tabindex: '-1', 'data-testid': 'comments-title' });
  private readonly summary = el('p', { class: 'comments-summary muted', 'data-testid': 'comments-summary' });
  private readonly gone = el('p', { class: 'comments-gone', hidden: true, 'data-testid': 'comments-gone' });
  private readonly commentButton: HTMLButtonElement | null;
  private readonly moderationButton: HTMLButtonElement | null;
  private readonly stance: StanceControl;
  private readonly composer: CommentForm | null;
  private readonly status = el('div', { class: 'comments-status', 'data-testid': 'comments-status' });
  private readonly list = el('ol', { class: 'comment-threads', 'data-testid': 'comment-threads' });
  private readonly more = el('button', { type: 'button', class: 'button comment-more', hidden: true, 'data-testid': 'comments-more' });
  private readonly threads = new Map<string, ThreadView>();
  private articleUid: string | null = null;
  /** Where the caret went while the composer held the panel on its article. */
  private pendingUid: string | null | undefined = undefined;
  private target: CommentTarget | null = null;
  private page: Pick<ThreadPage, 'total' | 'next' | 'article'> | null = null;
  private state: LoadState = { kind: 'idle' };
  private timer: number | null = null;
  private seq = 0;

  constructor(
    private readonly i18n: Localizer,
    private readonly hooks: CommentsPanelHooks,
  ) {
    this.stance = new StanceControl(i18n, {
      api: hooks.api,
      docId: hooks.docId,
      canTakeStance: hooks.permissions.takeStance,
      articleLabel: hooks.articleLabel,
      say: hooks.say,
    });
    if (hooks.permissions.comment) {
      this.commentButton = el('button', { type: 'button', class: 'button button-primary comments-new', 'aria-keyshortcuts': hooks.commentAriaKeys, 'data-testid': 'comments-new' });
      const button = this.commentButton;
      button.addEventListener('click', () => hooks.commentHere(button));
      this.composer = new CommentForm(i18n, {
        id: 'comment-new',
        label: 'comments.new.label',
        submit: 'comments.new.submit',
        sendKeys: hooks.sendKeys,
        send: (body) => this.sendThread(body),
        closed: () => this.composerClosed(),
      });
    } else {
      this.commentButton = null;
      this.composer = null;
    }
    const openModeration = hooks.openModeration;
    if (openModeration) {
      this.moderationButton = el('button', { type: 'button', class: 'button comments-moderation', 'aria-haspopup': 'dialog', 'data-testid': 'comments-moderation' });
      this.moderationButton.addEventListener('click', () => openModeration());
    } else {
      this.moderationButton = null;
    }
    this.more.addEventListener('click', () => void this.loadMore());
    this.element = el(
      'section',
      { class: 'comments-panel', 'aria-labelledby': 'comments-title', 'data-testid': 'comments-panel' },
      this.heading,
      this.summary,
      this.gone,
      this.stance.element,
      el('div', { class: 'comments-toolbar' }, this.commentButton, this.moderationButton),
      this.composer?.element ?? null,
      this.status,
      this.list,
      this.more,
    );
    this.render();
  }

  /** The article being shown (null: the caret is in no article). */
  get shownArticle(): string | null {
    return this.articleUid;
  }

  /** Follows the caret: shows this article's comments after a short pause (held while a comment is being written). */
  show(articleUid: string | null): void {
    if (this.composer?.isOpen) {
      this.pendingUid = articleUid;
      return;
    }
    if (articleUid === this.articleUid) {
      if (this.timer !== null) window.clearTimeout(this.timer);
      this.timer = null;
      return;
    }
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => {
      this.timer = null;
      this.showNow(articleUid);
    }, SHOW_DELAY_MS);
  }

  /** The server said the comments or stances of this article changed: what is shown is asked for again. */
  changed(articleUid: string): void {
    if (articleUid !== this.articleUid) return;
    void this.load('refresh');
    this.stance.load(articleUid);
  }

  /**
   * The shown article's text changed. Passages are served resolved as the text stood then: when one
   * shown as live no longer resolves here, or one is shown orphaned or relocated (the server may
   * find its quote again, or lose it), what is shown is asked for again. Answers true when, after
   * that, a passage the server calls live still does not resolve here: the server had not yet
   * applied the change, and the caller asks again a little later.
   */
  async textChanged(resolves: (ends: PassageEnds) => boolean): Promise<boolean> {
    const settled = [...this.threads.values()].every(({ thread }) => !('anchor' in thread) || thread.anchor === null || thread.anchor.status === 'live');
    if (settled && this.unresolvedLive(resolves) === 0) return false;
    await this.load('refresh');
    return this.unresolvedLive(resolves) > 0;
  }

  /** How many passages shown as live do not resolve against the editor's text. */
  private unresolvedLive(resolves: (ends: PassageEnds) => boolean): number {
    let count = 0;
    for (const view of this.threads.values()) {
      const anchor = 'anchor' in view.thread ? view.thread.anchor : null;
      if (anchor?.status !== 'live') continue;
      if (anchor.start === null || anchor.end === null || !resolves({ start: anchor.start, end: anchor.end })) count++;
    }
    return count;
  }

  /** Opens the form for a new comment on this target; `returnFocus` gives the focus back when it closes. */
  compose(target: CommentTarget, returnFocus: () => void): void {
    if (!this.composer) return;
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = null;
    if (target.articleUid !== this.articleUid) this.showNow(target.articleUid);
    this.target = target;
    this.renderTarget();
    this.composer.open(returnFocus);
  }

  localize(): void {
    this.composer?.localize();
    this.stance.localize();
    for (const thread of this.threads.values()) thread.localize();
    this.renderTarget();
    this.render();
  }

  private showNow(articleUid: string | null): void {
    this.pendingUid = undefined;
    if (articleUid === this.articleUid) return;
    this.articleUid = articleUid;
    this.page = null;
    this.threads.clear();
    this.list.replaceChildren();
    this.stance.load(articleUid);
    void this.load('replace');
  }

  private composerClosed(): void {
    const pending = this.pendingUid;
    if (pending !== undefined) this.show(pending);
  }

  private load(mode: 'replace' | 'refresh'): Promise<void> {
    const uid = this.articleUid;
    const seq = ++this.seq;
    if (uid === null) {
      this.state = { kind: 'idle' };
      this.render();
      return Promise.resolve();
    }
    if (mode === 'replace') {
      this.state = { kind: 'loading' };
      this.render();
    }
    // A refresh asks for as many threads as are shown, so a list grown by "more" keeps its length.
    const limit = Math.min(COMMENT_PAGE_MAX, Math.max(COMMENT_PAGE_DEFAULT, this.threads.size));
    return this.hooks.api
      .threads(this.hooks.docId, uid, { limit })
      .then((page) => {
        if (seq !== this.seq) return;
        this.page = page;
        this.state = { kind: 'ready' };
        this.place(page.threads, true);
        this.render();
      })
      .catch((error: unknown) => {
        if (seq !== this.seq) return;
        // An article just written is not on the server yet (its text is on its way): no comments.
        if (error instanceof ApiError && error.id === 'not-found') {
          this.page = { total: 0, next: null, article: null };
          this.state = { kind: 'ready' };
        } else {
          this.state = { kind: 'error', error };
        }
        this.render();
      });
  }

  private async loadMore(): Promise<void> {
    const uid = this.articleUid;
    const after = this.page?.next ?? null;
    if (uid === null || after === null) return;
    const seq = ++this.seq;
    const before = this.threads.size;
    this.more.setAttribute('aria-disabled', 'true');
    try {
      const page = await this.hooks.api.threads(this.hooks.docId, uid, { after });
      if (seq !== this.seq) return;
      this.page = page;
      this.place(page.threads, false);
      this.render();
      [...this.threads.values()][before]?.focus();
      this.hooks.say(this.i18n.t('comments.moreLoaded', { count: page.threads.length }));
    } catch (error) {
      this.hooks.say(commentErrorText(this.i18n.t.bind(this.i18n), error));
    } finally {
      this.more.removeAttribute('aria-disabled');
    }
  }

  /** Shows these threads in order (exactly these when `replace`, else after those shown), reusing drawn ones. */
  private place(threads: readonly ServedComment[], replace: boolean): void {
    if (replace) {
      const keep = new Set(threads.map((thread) => thread.id));
      for (const [id, view] of this.threads) {
        if (keep.has(id)) continue;
        view.element.remove();
        this.threads.delete(id);
      }
    }
    let cursor: Element | null = replace ? this.list.firstElementChild : null;
    const ordered = new Map<string, ThreadView>(replace ? [] : this.threads);
    for (const thread of threads) {
      let view = this.threads.get(thread.id);
      if (view) view.update(thread);
      else view = this.newThread(thread);
      ordered.set(thread.id, view);
      // Only what is out of place moves: moving an element takes the focus from it.
      if (replace) {
        if (view.element !== cursor) this.list.insertBefore(view.element, cursor);
        cursor = view.element.nextElementSibling;
      } else if (view.element.parentElement !== this.list) {
        this.list.append(view.element);
      }
    }
    this.threads.clear();
    for (const [id, view] of ordered) this.threads.set(id, view);
  }

  private newThread(thread: ServedComment): ThreadView {
    const { hooks } = this;
    return new ThreadView(this.i18n, thread, {
      api: hooks.api,
      docId: hooks.docId,
      myId: hooks.myId,
      permissions: hooks.permissions,
      say: hooks.say,
      showInText: hooks.showInText,
      sendKeys: hooks.sendKeys,
      changed: () => void this.load('refresh'),
      replied: () => void this.load('refresh'),
    });
  }

  private async sendThread(body: string): Promise<void> {
    const target = this.target;
    if (!target) return;
    const created = await this.hooks.api.create(this.hooks.docId, {
      articleUid: target.articleUid,
      body,
      ...(target.passage ? { anchor: target.passage } : {}),
    });
    this.hooks.say(this.i18n.t('comments.new.done', { article: this.hooks.articleLabel(created.articleUid) }));
    this.target = null;
    void this.load('refresh');
  }

  private renderTarget(): void {
    if (!this.composer) return;
    const target = this.target;
    if (!target) {
      this.composer.context.replaceChildren();
      return;
    }
    const t = this.i18n.t.bind(this.i18n);
    const article = this.hooks.articleLabel(target.articleUid);
    const what = el('p', { class: 'comment-form-target', 'data-testid': 'comment-target' }, target.passage ? t('comments.target.passage', { article }) : t('comments.target.article', { article }));
    if (target.passage) this.composer.context.replaceChildren(what, el('blockquote', { class: 'comment-quote', lang: 'es', 'data-testid': 'comment-target-quote' }, target.passage.quote));
    else this.composer.context.replaceChildren(what);
  }

  private render(): void {
    const t = this.i18n.t.bind(this.i18n);
    const uid = this.articleUid;
    this.heading.textContent = uid === null ? t('comments.title.none') : t('comments.title', { article: this.hooks.articleLabel(uid) });
    if (this.commentButton) {
      this.commentButton.textContent = t('comments.new.open');
      this.commentButton.title = t('comments.new.openHint', { keys: this.hooks.commentKeys() });
      this.commentButton.hidden = uid === null;
    }
    if (this.moderationButton) this.moderationButton.textContent = t('moderation.open');
    const page = this.page;
    this.summary.hidden = uid === null || page === null;
    if (page) this.summary.textContent = t(page.total === 1 ? 'comments.summary.one' : 'comments.summary.many', { count: page.total });
    this.gone.hidden = !(page && page.article === null && page.total > 0);
    this.gone.textContent = t('comments.articleGone');
    const state = this.state;
    if (uid === null) {
      this.status.replaceChildren(el('p', { class: 'muted' }, t('comments.noArticle')));
    } else if (state.kind === 'loading') {
      this.status.replaceChildren(el('p', { class: 'muted', role: 'status' }, t('comments.loading')));
    } else if (state.kind === 'error') {
      const retry = el('button', { type: 'button', class: 'button' }, t('comments.retry'));
      retry.addEventListener('click', () => void this.load('replace'));
      this.status.replaceChildren(el('p', { class: 'dialog-error' }, t('comments.error', { message: commentErrorText(t, state.error) })), retry);
    } else if (state.kind === 'ready' && this.threads.size === 0) {
      this.status.replaceChildren(el('p', { class: 'muted', 'data-testid': 'comments-none' }, t(this.hooks.permissions.comment ? 'comments.none.invite' : 'comments.none')));
    } else {
      this.status.replaceChildren();
    }
    const remaining = page ? Math.max(0, page.total - this.threads.size) : 0;
    this.more.hidden = !page || page.next === null;
    this.more.textContent = t('comments.more', { count: remaining });
  }
}
