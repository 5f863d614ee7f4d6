/**
 * An account form (sign in, sign up, accept an invitation, change the password): labelled fields,
 * one alert for the form, and a submit button. On submit the fields check themselves first; then
 * the request goes out, the button says it is busy (and stays focusable), and a refusal comes
 * back as words beside the field it concerns or in the form's alert. Errors are announced (the
 * alert is a live region) and the focus goes to the first field to fix.
 */
import type { Refusal } from './refusal-message.ts';
import { ApiError } from '../session/api-client.ts';
import { el } from '../ui/element.ts';
import type { Localizer } from '../ui/i18n.ts';
import type { FieldMessage } from './field-checks.ts';
import { type FieldSpec, FormField } from './form-field.ts';

export interface AccountFormOptions {
  /** Prefix of the element ids and test ids (`signin` → `signin-email`). */
  id: string;
  fields: readonly FieldSpec[];
  submitLabel: FieldMessage;
  busyLabel: FieldMessage;
  /** Sends the values (by field name; optional fields left empty are absent). */
  submit: (values: Record<string, string>) => Promise<void>;
  /** What a failed submit means (see refusal-message.ts). */
  refusal: (error: unknown) => Refusal;
  /** Controls before the text fields (a dialog's choice of role). */
  leading?: readonly HTMLElement[];
  /** Buttons beside the submit button, before it (a dialog's Cancel). */
  actions?: readonly HTMLElement[];
}

export class AccountForm {
  readonly element: HTMLFormElement;
  private readonly fields: FormField[];
  private readonly alert: HTMLElement;
  private readonly submitButton: HTMLButtonElement;
  private message: FieldMessage | null = null;
  private busy = false;

  constructor(
    private readonly i18n: Localizer,
    private readonly options: AccountFormOptions,
  ) {
    this.fields = options.fields.map((spec) => new FormField(i18n, options.id, spec));
    // Always in the page, so that what is written into it is announced.
    this.alert = el('p', { class: 'form-error', role: 'alert', 'data-testid': `${options.id}-alert` });
    this.submitButton = el('button', { type: 'submit', class: 'button button-primary', 'data-testid': `${options.id}-submit` });
    this.element = el(
      'form',
      { class: 'account-form', id: `${options.id}-form`, novalidate: true, 'data-testid': `${options.id}-form` },
      ...(options.leading ?? []),
      ...this.fields.map((field) => field.element),
      this.alert,
      el('div', { class: 'form-actions' }, ...(options.actions ?? []), this.submitButton),
    );
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send();
    });
    this.localize();
  }

  field(name: string): FormField | undefined {
    return this.fields.find((field) => field.name === name);
  }

  focusFirstField(): void {
    this.fields[0]?.focus();
  }

  /** Shows a message for the whole form (null clears it). */
  say(message: FieldMessage | null): void {
    this.message = message;
    this.localize();
  }

  /** Empties the fields and their errors (after a password change). */
  reset(): void {
    for (const field of this.fields) {
      field.input.value = field.spec.value ?? '';
      field.setError(null);
    }
    this.say(null);
  }

  localize(): void {
    for (const field of this.fields) field.localize();
    this.alert.textContent = this.message ? this.i18n.t(this.message.key, this.message.params) : '';
    const label = this.busy ? this.options.busyLabel : this.options.submitLabel;
    this.submitButton.textContent = this.i18n.t(label.key, label.params);
  }

  private async send(): Promise<void> {
    if (this.busy) return;
    const invalid = this.fields.filter((field) => !field.check());
    if (invalid.length > 0) {
      this.reportInvalid(invalid);
      return;
    }
    const values: Record<string, string> = {};
    for (const field of this.fields) {
      // Addresses and names as people mean them; passwords exactly as typed.
      const value = field.spec.type === 'password' ? field.value : field.value.trim();
      if (!(field.spec.optional && value === '')) values[field.name] = value;
    }
    this.setBusy(true);
    this.say(null);
    try {
      await this.options.submit(values);
    } catch (error) {
      const refusal = this.options.refusal(error);
      const field = refusal.field === null ? undefined : this.field(refusal.field);
      if (field) {
        field.setError(refusal.message);
        this.reportInvalid([field]);
      } else {
        this.say(refusal.message);
      }
      // A refusal is the person's to read; anything else is a fault of this page, for the console too.
      if (!(error instanceof ApiError)) console.error(`carta: ${this.options.id} form`, error);
    } finally {
      this.setBusy(false);
    }
  }

  /** Announces how many fields need fixing; the first gets the focus, which reads its own error. */
  private reportInvalid(invalid: readonly FormField[]): void {
    this.say({ key: invalid.length === 1 ? 'account.error.summary.one' : 'account.error.summary.many', params: { count: invalid.length } });
    invalid[0]?.focus();
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    // aria-disabled, not disabled: the button keeps the focus while the request is out.
    if (busy) this.submitButton.setAttribute('aria-disabled', 'true');
    else this.submitButton.removeAttribute('aria-disabled');
    this.element.setAttribute('aria-busy', String(busy));
    this.localize();
  }
}
