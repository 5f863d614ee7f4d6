/**
 * A short question asked in place, under the comment it is about: why flag it (optional), why hide
 * it (required), a note when marking a thread addressed (with "link to the current version"). Not
 * a modal dialog, so the comment stays in view; Escape or "Cancelar" closes it and the focus goes
 * back to the button that opened it.
 */
import type { MessageKey } from '../../shared/i18n/index.ts';
import { el } from '../ui/element.ts';
import type { Localizer } from '../ui/i18n.ts';
import { commentErrorText } from './comment-errors.ts';

export interface ReasonQuestion {
  /** Unique within the page (ids derive from it). */
  id: string;
  label: MessageKey;
  required: boolean;
  maxLength: number;
  submit: MessageKey;
  /** A checkbox under the field (checked at first), or none. */
  checkbox?: MessageKey;
  /** Does the action; a rejection is shown in the form, which stays open with the text. */
  send: (text: string, checked: boolean) => Promise<void>;
}

export class ReasonForm {
  readonly element: HTMLFormElement;
  private readonly field: HTMLTextAreaElement;
  private readonly error: HTMLElement;
  private readonly checkbox: HTMLInputElement | null;
  private busy = false;

  constructor(
    private readonly i18n: Localizer,
    private readonly question: ReasonQuestion,
    /** Puts the focus back on what opened the form (after a cancel). */
    private readonly returnFocus: () => void,
    private readonly closed: () => void,
  ) {
    const t = i18n.t.bind(i18n);
    const { id } = question;
    const labelText = question.required ? t('comments.reason.required', { label: t(question.label) }) : t('comments.reason.optional', { label: t(question.label) });
    this.field = el('textarea', {
      id: `${id}-text`,
      class: 'text-input',
      rows: 2,
      maxlength: question.maxLength,
      required: question.required,
      'aria-required': String(question.required),
      'data-testid': 'reason-input',
    });
    this.error = el('p', { class: 'dialog-error', role: 'alert', hidden: true, 'data-testid': 'reason-error' });
    this.checkbox = question.checkbox ? el('input', { type: 'checkbox', id: `${id}-check`, checked: true, 'data-testid': 'reason-checkbox' }) : null;
    const submit = el('button', { type: 'submit', class: 'button button-primary', 'data-testid': 'reason-submit' }, t(question.submit));
    const cancel = el('button', { type: 'button', class: 'button', 'data-testid': 'reason-cancel' }, t('comments.form.cancel'));
    this.element = el(
      'form',
      { class: 'reason-form', novalidate: true, 'data-testid': 'reason-form' },
      el('label', { for: `${id}-text` }, labelText),
      this.field,
      this.checkbox && question.checkbox ? el('label', { class: 'checkbox', for: `${id}-check` }, this.checkbox, ' ', t(question.checkbox)) : null,
      this.error,
      el('div', { class: 'dialog-actions' }, cancel, submit),
    );
    cancel.addEventListener('click', () => this.cancel());
    this.field.addEventListener('input', () => {
      if (this.error.hidden) return;
      this.error.hidden = true;
      this.field.removeAttribute('aria-invalid');
    });
    this.element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !event.isComposing) {
        event.preventDefault();
        event.stopPropagation();
        this.cancel();
      }
    });
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send(submit);
    });
  }

  focus(): void {
    this.field.focus();
  }

  /** Closes without doing anything; the focus goes back to the opener. */
  cancel(): void {
    this.element.remove();
    this.closed();
    this.returnFocus();
  }

  private async send(submit: HTMLButtonElement): Promise<void> {
    if (this.busy) return;
    const text = this.field.value.trim();
    if (this.question.required && text === '') {
      this.error.hidden = false;
      this.error.textContent = this.i18n.t('comments.reason.missing');
      this.field.setAttribute('aria-invalid', 'true');
      this.field.focus();
      return;
    }
    this.busy = true;
    submit.setAttribute('aria-disabled', 'true');
    try {
      await this.question.send(text, this.checkbox?.checked ?? false);
      // The caller re-renders and places the focus; this form is done.
      this.element.remove();
      this.closed();
    } catch (error) {
      this.error.hidden = false;
      this.error.textContent = commentErrorText(this.i18n.t.bind(this.i18n), error);
      this.field.focus();
    } finally {
      this.busy = false;
      submit.removeAttribute('aria-disabled');
    }
  }
}
