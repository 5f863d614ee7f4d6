/**
 * Writing a comment or a reply: a labelled text area with a character counter (code points, as the
 * server counts them), the body rules checked before sending (shared/comments/comment-body.ts), Mod-Enter
 * to send, Escape or "Cancelar" to close with the focus back where it was. What the person wrote
 * stays in the field when the server refuses it, and after closing, until it is sent.
 */
import { commentBodyProblem, commentLength } from '../../shared/comments/comment-body.ts';
import { COMMENT_BODY_MAX } from '../../shared/comments/comment-types.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { el } from '../ui/element.ts';
import type { Localizer } from '../ui/i18n.ts';
import { commentErrorText, explainBodyProblem } from './comment-errors.ts';

export interface CommentFormOptions {
  /** Unique within the page: the ids of the field and its descriptions derive from it. */
  id: string;
  /** The field's label and the send button's text. */
  label: MessageKey;
  submit: MessageKey;
  /** "Ctrl+Intro" or "⌘↩", in the current language. */
  sendKeys: () => string;
  /** Sends the body; a rejection is shown in the form (and the text kept). */
  send: (body: string) => Promise<void>;
  /** Told after the form closed (sent or cancelled); the focus has gone back by then. */
  closed?: (sent: boolean) => void;
}

export class CommentForm {
  readonly element: HTMLFormElement;
  /** Above the field: what the comment is about (the panel fills it). */
  readonly context = el('div', { class: 'comment-form-context' });
  private readonly label: HTMLLabelElement;
  private readonly field: HTMLTextAreaElement;
  private readonly hint: HTMLElement;
  private readonly counter: HTMLElement;
  private readonly error: HTMLElement;
  private readonly cancelButton: HTMLButtonElement;
  private readonly submitButton: HTMLButtonElement;
  private busy = false;
  private shownError: (() => string) | null = null;
  private returnFocus: (() => void) | null = null;

  constructor(
    private readonly i18n: Localizer,
    private readonly options: CommentFormOptions,
  ) {
    const { id } = options;
    this.label = el('label', { for: `${id}-body` });
    this.hint = el('p', { class: 'field-hint', id: `${id}-hint` });
    this.counter = el('p', { class: 'field-hint comment-counter', id: `${id}-counter`, 'data-testid': 'comment-counter' });
    this.field = el('textarea', {
      id: `${id}-body`,
      class: 'text-input comment-field',
      rows: 4,
      required: true,
      'aria-required': 'true',
      'aria-describedby': `${id}-hint ${id}-counter`,
      'data-testid': 'comment-body-input',
    });
    this.error = el('p', { class: 'dialog-error', role: 'alert', 'data-testid': 'comment-form-error', hidden: true });
    this.cancelButton = el('button', { type: 'button', class: 'button', 'data-testid': 'comment-cancel' });
    this.submitButton = el('button', { type: 'submit', class: 'button button-primary', 'data-testid': 'comment-submit' });
    this.element = el(
      'form',
      { class: 'comment-form', novalidate: true, hidden: true, 'data-testid': 'comment-form' },
      this.context,
      el('div', { class: 'field' }, this.label, this.field, this.hint, this.counter),
      this.error,
      el('div', { class: 'dialog-actions' }, this.cancelButton, this.submitButton),
    );
    this.field.addEventListener('input', () => {
      this.showCount();
      if (this.shownError) this.showError(null);
    });
    this.element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !event.isComposing) {
        event.preventDefault();
        event.stopPropagation();
        this.close(false);
      } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.isComposing) {
        event.preventDefault();
        void this.submit();
      }
    });
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
    this.cancelButton.addEventListener('click', () => this.close(false));
    this.localize();
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  /** Whether the person has written something not yet sent. */
  get hasText(): boolean {
    return this.field.value.trim() !== '';
  }

  /** Shows the form and puts the focus in its field; `returnFocus` gives it back when the form closes. */
  open(returnFocus: () => void): void {
    if (!this.isOpen) this.returnFocus = returnFocus;
    this.element.hidden = false;
    this.field.focus();
  }

  /** Hides the form; the text stays for next time unless it was sent. */
  close(sent: boolean): void {
    if (!this.isOpen) return;
    this.element.hidden = true;
    this.showError(null);
    const giveBack = this.returnFocus;
    this.returnFocus = null;
    giveBack?.();
    this.options.closed?.(sent);
  }

  localize(): void {
    const t = this.i18n.t.bind(this.i18n);
    this.label.textContent = t(this.options.label);
    this.hint.textContent = t('comments.form.hint', { keys: this.options.sendKeys() });
    this.cancelButton.textContent = t('comments.form.cancel');
    this.submitButton.textContent = t(this.busy ? 'comments.form.sending' : this.options.submit);
    this.showCount();
    if (this.shownError) this.error.textContent = this.shownError();
  }

  private showCount(): void {
    const count = commentLength(this.field.value);
    this.counter.textContent = this.i18n.t('comments.form.count', { count, max: COMMENT_BODY_MAX });
    this.counter.dataset.over = String(count > COMMENT_BODY_MAX);
  }

  private showError(text: (() => string) | null): void {
    this.shownError = text;
    this.error.hidden = text === null;
    this.error.textContent = text ? text() : '';
    if (text) this.field.setAttribute('aria-invalid', 'true');
    else this.field.removeAttribute('aria-invalid');
  }

  private async submit(): Promise<void> {
    if (this.busy) return;
    const body = this.field.value;
    const problem = commentBodyProblem(body);
    if (problem) {
      const explained = explainBodyProblem(problem);
      this.showError(() => this.i18n.t(explained.key, { max: COMMENT_BODY_MAX }));
      this.field.focus();
      return;
    }
    this.busy = true;
    this.submitButton.setAttribute('aria-disabled', 'true');
    this.submitButton.textContent = this.i18n.t('comments.form.sending');
    try {
      await this.options.send(body);
      this.field.value = '';
      this.showCount();
      this.close(true);
    } catch (error) {
      this.showError(() => commentErrorText(this.i18n.t.bind(this.i18n), error));
      // Keep the focus where the person can fix the text or send again.
      if (this.isOpen) this.field.focus();
    } finally {
      this.busy = false;
      this.submitButton.removeAttribute('aria-disabled');
      this.submitButton.textContent = this.i18n.t(this.options.submit);
    }
  }
}
