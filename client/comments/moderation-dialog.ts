/**
 * The moderators' worklist (admins): comments flagged since the last decision on them, oldest flag
 * first, each with what it says, where it is, and who flagged it and why; "Ocultar" asks for the
 * reason (required, shown to readers in the placeholder) and "Mantener" decides the flags without
 * hiding. A modal dialog: Escape closes it and the focus goes back to the button that opened it.
 * Flags send no notice (others see nothing change), so the list is loaded when the dialog opens
 * and on "Actualizar", a page at a time.
 */
import { MODERATION_REASON_MAX, type QueueEntry } from '../../shared/comments/comment-types.ts';
import { formatDate } from '../provenance/source-labels.ts';
import { el } from '../ui/element.ts';
import type { Localizer } from '../ui/i18n.ts';
import type { CommentApi, ModerationDecision } from './comment-api.ts';
import { commentContent } from './comment-content.ts';
import { commentErrorText } from './comment-errors.ts';
import { ReasonForm } from './reason-form.ts';

export interface ModerationHooks {
  api: CommentApi;
  docId: string;
  articleLabel: (uid: string) => string;
  /** Shows the article in the editor (an entry of this document), after the dialog closed. */
  goToArticle: (uid: string) => void;
}

export class ModerationDialog {
  readonly element: HTMLDialogElement;
  private readonly title = el('h2', { id: 'moderation-title', tabindex: '-1' });
  private readonly closeButton = el('button', { type: 'button', class: 'button', 'data-testid': 'moderation-close' });
  private readonly intro = el('p', { class: 'muted' });
  private readonly refreshButton = el('button', { type: 'button', class: 'button', 'data-testid': 'moderation-refresh' });
  private readonly status = el('p', { role: 'status', 'aria-live': 'polite', 'data-testid': 'moderation-status' });
  private readonly list = el('ol', { class: 'moderation-list', 'data-testid': 'moderation-list' });
  private readonly more = el('button', { type: 'button', class: 'button comment-more', hidden: true, 'data-testid': 'moderation-more' });
  private entries: QueueEntry[] = [];
  private total = 0;
  private next: string | null = null;
  private loadError: unknown = null;
  private loading = false;
  private seq = 0;
  private returnFocus: HTMLElement | null = null;

  constructor(
    private readonly i18n: Localizer,
    private readonly hooks: ModerationHooks,
  ) {
    this.element = el(
      'dialog',
      { class: 'moderation-dialog', 'aria-labelledby': 'moderation-title', 'data-testid': 'moderation-dialog' },
      el('div', { class: 'moderation-head' }, this.title, this.closeButton),
      this.intro,
      el('div', { class: 'moderation-tools' }, this.status, this.refreshButton),
      this.list,
      this.more,
    );
    this.closeButton.addEventListener('click', () => this.close());
    this.refreshButton.addEventListener('click', () => void this.load(false));
    this.more.addEventListener('click', () => void this.load(true));
    this.element.addEventListener('close', () => {
      this.returnFocus?.focus({ preventScroll: true });
      this.returnFocus = null;
    });
    this.localize();
  }

  get isOpen(): boolean {
    return this.element.open;
  }

  open(): void {
    if (this.element.open) return;
    this.returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.element.showModal();
    this.title.focus();
    void this.load(false);
  }

  close(): void {
    if (this.element.open) this.element.close();
  }

  localize(): void {
    const t = this.i18n.t.bind(this.i18n);
    this.title.textContent = t('moderation.title');
    this.closeButton.textContent = t('moderation.close');
    this.intro.textContent = t('moderation.intro');
    this.refreshButton.textContent = t('moderation.refresh');
    this.render();
  }

  /** The first page again, or (`more`) the next page after those shown. */
  private async load(more: boolean): Promise<void> {
    if (this.loading && more) return;
    const seq = ++this.seq;
    this.loading = true;
    this.loadError = null;
    if (!more) this.status.textContent = this.i18n.t('moderation.loading');
    try {
      const page = await this.hooks.api.queue(more ? (this.next ?? undefined) : undefined);
      if (seq !== this.seq) return;
      const before = this.entries.length;
      this.entries = more ? [...this.entries, ...page.entries] : page.entries;
      this.total = page.total;
      this.next = page.next;
      this.render();
      if (more) this.list.querySelectorAll<HTMLElement>('[data-testid="moderation-entry"]')[before]?.focus();
    } catch (error) {
      if (seq !== this.seq) return;
      this.loadError = error;
      this.render();
    } finally {
      if (seq === this.seq) this.loading = false;
    }
  }

  private render(): void {
    const t = this.i18n.t.bind(this.i18n);
    if (this.loadError !== null) this.status.textContent = t('moderation.error', { message: commentErrorText(t, this.loadError) });
    else if (this.total === 0) this.status.textContent = t('moderation.empty');
    else this.status.textContent = t(this.total === 1 ? 'moderation.count.one' : 'moderation.count.many', { count: this.total });
    this.list.replaceChildren(...this.entries.map((entry) => this.entry(entry)));
    this.more.hidden = this.next === null;
    this.more.textContent = t('moderation.more', { count: Math.max(0, this.total - this.entries.length) });
  }

  private entry(entry: QueueEntry): HTMLElement {
    const t = this.i18n.t.bind(this.i18n);
    const { comment } = entry;
    const where = comment.docId === this.hooks.docId ? this.hooks.articleLabel(comment.articleUid) : t('moderation.elsewhere', { doc: comment.docId, uid: comment.articleUid });
    const flags = el(
      'ul',
      { class: 'moderation-flags', 'data-testid': 'moderation-flags' },
      ...entry.flags.map((flag) =>
        el('li', {}, t('moderation.flag', { name: flag.by.name, date: formatDate(this.i18n, flag.at) }), ' ', flag.reason === '' ? el('span', { class: 'muted' }, t('moderation.flag.noReason')) : el('q', {}, flag.reason)),
      ),
    );
    const actions = el('div', { class: 'comment-actions' });
    const slot = el('div', { class: 'comment-form-slot' });
    const item = el(
      'li',
      { class: 'moderation-entry', tabindex: '-1', 'data-testid': 'moderation-entry', 'data-comment-id': comment.id },
      el('p', { class: 'moderation-where' }, where, ' · ', t(entry.pendingFlags === 1 ? 'moderation.pending.one' : 'moderation.pending.many', { count: entry.pendingFlags, date: formatDate(this.i18n, entry.pendingSince) })),
      el('div', { class: 'comment' }, ...commentContent(this.i18n, comment)),
      flags,
      actions,
      slot,
    );
    const decide = (decision: ModerationDecision, label: 'moderation.hide' | 'moderation.keep'): HTMLButtonElement => {
      const button = el('button', { type: 'button', class: `button comment-action${decision === 'hide' ? ' button-danger' : ''}`, 'aria-expanded': 'false', 'data-testid': `moderation-${decision}` }, t(label));
      button.addEventListener('click', () => {
        slot.replaceChildren();
        button.setAttribute('aria-expanded', 'true');
        const form = new ReasonForm(
          this.i18n,
          {
            id: `moderation-${comment.id}-${decision}`,
            label: decision === 'hide' ? 'comments.reason.hide' : 'moderation.reason.keep',
            required: decision === 'hide',
            maxLength: MODERATION_REASON_MAX,
            submit: decision === 'hide' ? 'comments.hide.submit' : 'moderation.keep.submit',
            send: async (reason) => {
              await this.hooks.api.moderate(comment.id, decision, reason);
              this.decided(comment.id, decision);
            },
          },
          () => button.focus(),
          () => button.setAttribute('aria-expanded', 'false'),
        );
        slot.append(form.element);
        form.focus();
      });
      return button;
    };
    actions.append(decide('hide', 'moderation.hide'), decide('keep', 'moderation.keep'));
    if (comment.docId === this.hooks.docId) {
      const go = el('button', { type: 'button', class: 'button comment-action', 'data-testid': 'moderation-go' }, t('moderation.goTo'));
      go.addEventListener('click', () => {
        this.returnFocus = null;
        this.close();
        this.hooks.goToArticle(comment.articleUid);
      });
      actions.append(go);
    }
    return item;
  }

  /** A decision was made: the entry leaves the list and the focus goes to the next one (or the title). */
  private decided(commentId: string, decision: ModerationDecision): void {
    const index = this.entries.findIndex((entry) => entry.comment.id === commentId);
    this.entries = this.entries.filter((entry) => entry.comment.id !== commentId);
    this.total = Math.max(0, this.total - 1);
    this.render();
    const items = this.list.querySelectorAll<HTMLElement>('[data-testid="moderation-entry"]');
    (items[Math.min(index, items.length - 1)] ?? this.title).focus();
    // Said inside the dialog: what lies outside a modal dialog is inert, also for screen readers.
    this.status.textContent = `${this.i18n.t(decision === 'hide' ? 'comments.hide.done' : 'moderation.keep.done')} ${this.status.textContent ?? ''}`;
  }
}
