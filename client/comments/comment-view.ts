/**
 * One comment with what this person may do to it: see its passage in the text, flag it for a
 * moderator (with an optional reason), hide it (reason required) or show it again (admins), mark a
 * thread addressed (optionally by the current version) or reopen it (members and admins). Each
 * action asks in place (reason-form.ts); afterwards the comment is drawn again from the server's
 * answer and keeps the focus, so a keyboard user does not lose their place.
 */
import { ADDRESS_NOTE_MAX, MODERATION_REASON_MAX, type ServedComment } from '../../shared/comments/comment-types.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { el } from '../ui/element.ts';
import type { Localizer } from '../ui/i18n.ts';
import type { CommentApi } from './comment-api.ts';
import { commentContent } from './comment-content.ts';
import type { CommentPermissions } from './comment-permissions.ts';
import { ReasonForm, type ReasonQuestion } from './reason-form.ts';

export type CommentAction = 'flag' | 'hide' | 'unhide' | 'address' | 'reopen';

export interface CommentViewHooks {
  api: CommentApi;
  /** The signed-in person's id (nobody flags their own comment). */
  myId: string;
  permissions: CommentPermissions;
  /** After this person's action: the comment as the server now serves it. */
  changed: (comment: ServedComment, action: CommentAction) => void;
  /** A short visible and announced message. */
  say: (message: string) => void;
  /** Selects the comment's passage in the text; false when it cannot be found there now. Null where there is no text to show. */
  showInText: ((comment: ServedComment) => boolean) | null;
}

interface ActionSpec {
  label: MessageKey;
  question: Omit<ReasonQuestion, 'id' | 'send'>;
  done: MessageKey;
  run: (comment: ServedComment, text: string, checked: boolean) => Promise<ServedComment>;
}

let nextViewId = 1;

export class CommentView {
  readonly element: HTMLElement;
  private readonly content = el('div', { class: 'comment-content' });
  /** This comment's own controls (redrawn with it) and the thread's (kept: moving an element takes the focus from it). */
  private readonly controlBox = el('span', { class: 'comment-controls' });
  private readonly extraBox = el('span', { class: 'comment-controls' });
  private readonly actions = el('div', { class: 'comment-actions' }, this.controlBox, this.extraBox);
  /** Inline forms live here, outside what update() redraws. */
  private readonly formSlot = el('div', { class: 'comment-form-slot' });
  private readonly viewId = nextViewId++;
  private openAction: CommentAction | null = null;

  constructor(
    private readonly i18n: Localizer,
    private comment: ServedComment,
    private readonly hooks: CommentViewHooks,
  ) {
    this.element = el(
      'article',
      { class: 'comment', tabindex: '-1', 'data-testid': 'comment', 'aria-labelledby': `comment-${this.viewId}-by` },
      this.content,
      this.actions,
      this.formSlot,
    );
    this.render();
  }

  get current(): ServedComment {
    return this.comment;
  }

  /** Draws the comment again from a newer answer; an open form stays open. */
  update(comment: ServedComment): void {
    this.comment = comment;
    this.render();
  }

  /** Controls of the thread (reply, show replies) shown in this comment's row of actions. */
  setExtras(extras: HTMLElement[]): void {
    const shown = [...this.extraBox.children];
    if (shown.length === extras.length && shown.every((element, i) => element === extras[i])) return;
    this.extraBox.replaceChildren(...extras);
  }

  focus(): void {
    this.element.focus({ preventScroll: false });
  }

  localize(): void {
    this.render();
  }

  render(): void {
    const { comment } = this;
    this.element.dataset.commentId = comment.id;
    this.element.dataset.hidden = String(comment.hidden);
    this.element.dataset.addressed = String(comment.addressed !== null);
    const focused = this.focusedPart();
    const parts = commentContent(this.i18n, comment);
    parts[0]?.setAttribute('id', `comment-${this.viewId}-by`);
    this.content.replaceChildren(...parts);
    this.controlBox.replaceChildren(...this.controls());
    // A redraw (someone else's change arrived) must not drop a keyboard user's focus: the same control
    // or link, drawn anew, takes it back; a control that no longer applies leaves it on the comment.
    if (focused !== null) {
      const again = [...this.element.querySelectorAll<HTMLElement>('button, a')].find((candidate) => this.partKey(candidate) === focused);
      (again ?? this.element).focus({ preventScroll: true });
    }
  }

  /** What in the redrawn parts has the focus, as a key that survives the redraw; null when none does. */
  private focusedPart(): string | null {
    const active = document.activeElement;
    if (!(active instanceof HTMLElement) || !(this.content.contains(active) || this.controlBox.contains(active))) return null;
    return this.partKey(active);
  }

  private partKey(element: HTMLElement): string {
    return element.dataset.testid ?? `${element.tagName}:${element.getAttribute('href') ?? ''}:${element.textContent ?? ''}`;
  }

  private controls(): HTMLElement[] {
    const t = this.i18n.t.bind(this.i18n);
    const { comment, hooks } = this;
    const { permissions } = hooks;
    const out: HTMLElement[] = [];
    const showInText = hooks.showInText;
    if (showInText && 'anchor' in comment && comment.anchor && comment.anchor.status !== 'orphaned') {
      const button = this.button('comments.action.showInText', 'comment-show-in-text');
      button.addEventListener('click', () => {
        if (!showInText(comment)) hooks.say(t('comments.showInText.missing'));
      });
      out.push(button);
    }
    const own = 'author' in comment && comment.author.id === hooks.myId;
    if (permissions.flag && !comment.hidden && !own) {
      if (comment.flaggedByMe) out.push(el('span', { class: 'comment-flagged muted', 'data-testid': 'comment-flagged' }, t('comments.flagged')));
      else out.push(this.actionButton('flag'));
    }
    if (permissions.moderate) out.push(this.actionButton(comment.hidden ? 'unhide' : 'hide'));
    if (permissions.address && comment.parentId === null) out.push(this.actionButton(comment.addressed ? 'reopen' : 'address'));
    return out;
  }

  private button(label: MessageKey, testId: string): HTMLButtonElement {
    return el('button', { type: 'button', class: 'button comment-action', 'data-testid': testId }, this.i18n.t(label));
  }

  private actionButton(action: CommentAction): HTMLButtonElement {
    const spec = this.spec(action);
    const button = this.button(spec.label, `comment-${action}`);
    button.setAttribute('aria-expanded', String(this.openAction === action));
    button.addEventListener('click', () => this.ask(action, button));
    return button;
  }

  private ask(action: CommentAction, opener: HTMLButtonElement): void {
    const spec = this.spec(action);
    this.formSlot.replaceChildren();
    this.openAction = action;
    opener.setAttribute('aria-expanded', 'true');
    const form = new ReasonForm(
      this.i18n,
      {
        ...spec.question,
        id: `comment-${this.viewId}-${action}`,
        send: async (text, checked) => {
          const updated = await spec.run(this.comment, text, checked);
          this.openAction = null;
          this.update(updated);
          this.focus();
          this.hooks.say(this.i18n.t(spec.done));
          this.hooks.changed(updated, action);
        },
      },
      // The opener is redrawn with every update: the current one is found by its action.
      () => this.actions.querySelector<HTMLElement>(`[data-testid="comment-${action}"]`)?.focus(),
      () => {
        this.openAction = null;
        this.actions.querySelector(`[data-testid="comment-${action}"]`)?.setAttribute('aria-expanded', 'false');
      },
    );
    this.formSlot.append(form.element);
    form.focus();
  }

  private spec(action: CommentAction): ActionSpec {
    const { api } = this.hooks;
    switch (action) {
      case 'flag':
        return {
          label: 'comments.action.flag',
          question: { label: 'comments.reason.flag', required: false, maxLength: MODERATION_REASON_MAX, submit: 'comments.flag.submit' },
          done: 'comments.flag.done',
          run: (comment, text) => api.flag(comment.id, text),
        };
      case 'hide':
        return {
          label: 'comments.action.hide',
          question: { label: 'comments.reason.hide', required: true, maxLength: MODERATION_REASON_MAX, submit: 'comments.hide.submit' },
          done: 'comments.hide.done',
          run: (comment, text) => api.moderate(comment.id, 'hide', text),
        };
      case 'unhide':
        return {
          label: 'comments.action.unhide',
          question: { label: 'comments.reason.unhide', required: false, maxLength: MODERATION_REASON_MAX, submit: 'comments.unhide.submit' },
          done: 'comments.unhide.done',
          run: (comment, text) => api.moderate(comment.id, 'unhide', text),
        };
      case 'address':
        return {
          label: 'comments.action.address',
          question: { label: 'comments.reason.address', required: false, maxLength: ADDRESS_NOTE_MAX, submit: 'comments.address.submit', checkbox: 'comments.reason.addressVersion' },
          done: 'comments.address.done',
          run: async (comment, note, withVersion) => {
            const seq = withVersion ? await api.documentSeq(comment.docId) : undefined;
            return api.address(comment.id, { ...(seq === undefined ? {} : { seq }), ...(note === '' ? {} : { note }) });
          },
        };
      case 'reopen':
        return {
          label: 'comments.action.reopen',
          question: { label: 'comments.reason.reopen', required: false, maxLength: ADDRESS_NOTE_MAX, submit: 'comments.reopen.submit' },
          done: 'comments.reopen.done',
          run: (comment, note) => api.reopen(comment.id, note),
        };
    }
  }
}
