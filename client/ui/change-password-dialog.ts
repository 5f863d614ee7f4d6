/**
 * "Cambiar la contraseña": the current password and the new one (with the rules shown); a wrong
 * current password is said beside that field. On success the dialog closes and the page says so.
 */
import { AccountForm } from '../accounts/account-form.ts';
import { enteredPasswordProblem, newPasswordProblem, PASSWORD_RULES } from '../accounts/field-checks.ts';
import { refusalMessage } from '../accounts/refusal-message.ts';
import type { AccountApi } from '../session/account-api.ts';
import { el } from './element.ts';
import type { Localizer } from './i18n.ts';
import { ModalDialog } from './modal-dialog.ts';

export class ChangePasswordDialog {
  private readonly dialog: ModalDialog;
  private readonly form: AccountForm;
  private readonly cancel = el('button', { type: 'button', class: 'button', 'data-testid': 'password-cancel' });

  constructor(
    private readonly i18n: Localizer,
    api: AccountApi,
    changed: (message: string) => void,
  ) {
    this.form = new AccountForm(i18n, {
      id: 'password',
      fields: [
        { name: 'current', type: 'password', autocomplete: 'current-password', label: { key: 'account.field.currentPassword' }, check: enteredPasswordProblem },
        { name: 'next', type: 'password', autocomplete: 'new-password', label: { key: 'account.field.newPassword' }, hint: PASSWORD_RULES, check: newPasswordProblem },
      ],
      submitLabel: { key: 'account.password.submit' },
      busyLabel: { key: 'account.password.busy' },
      actions: [this.cancel],
      submit: async (values) => {
        await api.changePassword({ current: values.current ?? '', next: values.next ?? '' });
        this.dialog.close();
        this.form.reset();
        changed(i18n.t('account.password.done'));
      },
      refusal: (error) =>
        refusalMessage(error, { current: { key: 'account.error.passwordMissing' }, next: PASSWORD_RULES }, { field: 'current', message: { key: 'account.error.currentWrong' } }),
    });
    this.dialog = new ModalDialog('password-dialog', 'password-dialog', this.form.element);
    this.cancel.addEventListener('click', () => this.dialog.close());
    this.localize();
  }

  get element(): HTMLDialogElement {
    return this.dialog.element;
  }

  get isOpen(): boolean {
    return this.dialog.isOpen;
  }

  open(returnTo: HTMLElement): void {
    this.form.reset();
    const first = this.form.field('current')?.input;
    if (first) this.dialog.open(first, returnTo);
  }

  localize(): void {
    this.dialog.heading.textContent = this.i18n.t('account.password.title');
    this.cancel.textContent = this.i18n.t('account.cancel');
    this.form.localize();
  }
}
