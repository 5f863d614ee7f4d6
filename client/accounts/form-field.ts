/**
 * One labelled field of an account form: a real <label>, the input, an optional hint (the password
 * rules) and the field's own error, both tied to the input with aria-describedby, and
 * aria-invalid while the error shows. Text is kept as message keys so a change of language
 * re-words everything, the error included.
 */
import { el } from '../ui/element.ts';
import type { Localizer } from '../ui/i18n.ts';
import type { FieldMessage } from './field-checks.ts';

export interface FieldSpec {
  /** The field's name in the request body (`email`, `password`, `next` …). */
  name: string;
  label: FieldMessage;
  type: 'email' | 'text' | 'password';
  /** The autocomplete token that lets password managers and phones fill it in. */
  autocomplete: string;
  hint?: FieldMessage;
  /** Checked before sending; null when the value is fine. */
  check?: (value: string) => FieldMessage | null;
  /** Shown as "(optional)"; an empty value is then sent as absent. */
  optional?: boolean;
  value?: string;
  maxLength?: number;
}

export class FormField {
  readonly element: HTMLElement;
  readonly input: HTMLInputElement;
  private readonly label: HTMLLabelElement;
  private readonly hint: HTMLElement | null;
  private readonly errorText: HTMLElement;
  private error: FieldMessage | null = null;

  constructor(
    private readonly i18n: Localizer,
    formId: string,
    readonly spec: FieldSpec,
  ) {
    const id = `${formId}-${spec.name}`;
    this.input = el('input', {
      id,
      name: spec.name,
      type: spec.type,
      class: 'text-input',
      autocomplete: spec.autocomplete,
      // Phones: no capital letter or correction in addresses and passwords.
      autocapitalize: spec.type === 'text' ? null : 'none',
      spellcheck: spec.type === 'text' ? null : 'false',
      'aria-required': spec.optional ? null : 'true',
      maxlength: spec.maxLength ?? null,
      'data-testid': `${formId}-${spec.name}`,
    });
    this.input.value = spec.value ?? '';
    this.label = el('label', { for: id });
    this.hint = spec.hint ? el('p', { class: 'field-hint', id: `${id}-hint` }) : null;
    this.errorText = el('p', { class: 'field-error', id: `${id}-error`, 'data-testid': `${formId}-${spec.name}-error`, hidden: true });
    this.element = el('div', { class: 'field' }, this.label, this.hint, this.input, this.errorText);
    // Once marked, a field says as soon as it is right again (it is not re-judged while typing before that).
    this.input.addEventListener('input', () => {
      if (this.error !== null && spec.check && spec.check(this.input.value) === null) this.setError(null);
    });
    this.describe();
    this.localize();
  }

  get name(): string {
    return this.spec.name;
  }

  get value(): string {
    return this.input.value;
  }

  get invalid(): boolean {
    return this.error !== null;
  }

  get errorMessage(): FieldMessage | null {
    return this.error;
  }

  /** Runs the field's own check; returns whether the value may be sent. */
  check(): boolean {
    this.setError(this.spec.check?.(this.input.value) ?? null);
    return this.error === null;
  }

  setError(error: FieldMessage | null): void {
    this.error = error;
    this.describe();
    this.localize();
  }

  focus(): void {
    this.input.focus();
  }

  localize(): void {
    const label = this.i18n.t(this.spec.label.key, this.spec.label.params);
    this.label.textContent = this.spec.optional ? this.i18n.t('account.field.optional', { label }) : label;
    if (this.hint && this.spec.hint) this.hint.textContent = this.i18n.t(this.spec.hint.key, this.spec.hint.params);
    this.errorText.textContent = this.error ? this.i18n.t(this.error.key, this.error.params) : '';
    this.errorText.hidden = this.error === null;
  }

  private describe(): void {
    // The error first: it is what the person needs to hear when the field gets the focus.
    const ids = [this.error ? this.errorText.id : null, this.hint?.id ?? null].filter((id): id is string => id !== null);
    if (ids.length > 0) this.input.setAttribute('aria-describedby', ids.join(' '));
    else this.input.removeAttribute('aria-describedby');
    if (this.error) this.input.setAttribute('aria-invalid', 'true');
    else this.input.removeAttribute('aria-invalid');
  }
}
