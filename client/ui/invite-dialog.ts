/**
 * "Invitar" (admins): the role and, optionally, the person's name and email; the server answers a
 * link, shown in a read-only field (selected, to copy by hand) with a Copy button, the role and
 * the expiry. The person who opens the link chooses their own email and password.
 */
import { AccountForm } from '../accounts/account-form.ts';
import { expiryText } from '../accounts/expiry-text.ts';
import { emailProblem, nameProblem } from '../accounts/field-checks.ts';
import { refusalMessage } from '../accounts/refusal-message.ts';
import { NAME_MAX_LENGTH } from '../../shared/auth/account-limits.ts';
import { INVITED_ROLES, type InvitedRole } from '../../shared/auth/account-types.ts';
import type { AccountApi, CreatedInvitation } from '../session/account-api.ts';
import { copyText } from './clipboard.ts';
import { el } from './element.ts';
import type { Localizer } from './i18n.ts';
import { ModalDialog } from './modal-dialog.ts';

function isInvitedRole(value: string): value is InvitedRole {
  return (INVITED_ROLES as readonly string[]).includes(value);
}

export class InviteDialog {
  private readonly dialog: ModalDialog;
  private readonly intro = el('p', { id: 'invite-dialog-intro' });
  private readonly form: AccountForm;
  private readonly roleLabel = el('label', { for: 'invite-role' });
  private readonly role: HTMLSelectElement;
  private readonly cancel = el('button', { type: 'button', class: 'button', 'data-testid': 'invite-cancel' });
  private readonly result = el('div', { class: 'invite-result', 'data-testid': 'invite-result', hidden: true });
  private readonly linkLabel = el('label', { for: 'invite-link' });
  private readonly link = el('input', { id: 'invite-link', type: 'text', class: 'text-input', readonly: true, 'aria-describedby': 'invite-link-hint', 'data-testid': 'invite-link' });
  private readonly linkHint = el('p', { class: 'field-hint', id: 'invite-link-hint' });
  private readonly copy = el('button', { type: 'button', class: 'button button-primary', 'data-testid': 'invite-copy' });
  private readonly another = el('button', { type: 'button', class: 'button', 'data-testid': 'invite-another' });
  private readonly close = el('button', { type: 'button', class: 'button', 'data-testid': 'invite-close' });
  private readonly status = el('p', { class: 'field-hint', role: 'status', 'data-testid': 'invite-status' });
  private created: CreatedInvitation | null = null;
  private statusKey: 'account.inviteDialog.created' | 'account.inviteDialog.copied' | 'account.inviteDialog.copyFailed' | null = null;

  constructor(
    private readonly i18n: Localizer,
    api: AccountApi,
  ) {
    this.role = el('select', { id: 'invite-role', class: 'text-input', 'data-testid': 'invite-role' }, ...INVITED_ROLES.map((role) => el('option', { value: role })));
    this.form = new AccountForm(i18n, {
      id: 'invite-create',
      leading: [el('div', { class: 'field' }, this.roleLabel, this.role)],
      fields: [
        { name: 'name', type: 'text', autocomplete: 'off', optional: true, label: { key: 'account.inviteDialog.name' }, check: (value) => (value.trim() === '' ? null : nameProblem(value)), maxLength: NAME_MAX_LENGTH },
        { name: 'email', type: 'email', autocomplete: 'off', optional: true, label: { key: 'account.inviteDialog.email' }, check: (value) => (value.trim() === '' ? null : emailProblem(value)) },
      ],
      submitLabel: { key: 'account.inviteDialog.create' },
      busyLabel: { key: 'account.inviteDialog.busy' },
      actions: [this.cancel],
      submit: async (values) => {
        const role = isInvitedRole(this.role.value) ? this.role.value : 'member';
        this.created = await api.createInvitation({ role, ...(values.name ? { name: values.name } : {}), ...(values.email ? { email: values.email } : {}) });
        this.showResult();
      },
      refusal: (error) => refusalMessage(error, { name: { key: 'account.error.nameMissing' }, email: { key: 'account.error.emailInvalid' } }),
    });
    this.result.append(
      el('div', { class: 'field' }, this.linkLabel, this.link, this.linkHint),
      this.status,
      el('div', { class: 'form-actions' }, this.another, this.close, this.copy),
    );
    this.dialog = new ModalDialog('invite-dialog', 'invite-dialog', this.intro, this.form.element, this.result);
    this.dialog.element.setAttribute('aria-describedby', 'invite-dialog-intro');
    this.cancel.addEventListener('click', () => this.dialog.close());
    this.close.addEventListener('click', () => this.dialog.close());
    this.another.addEventListener('click', () => this.showForm(true));
    this.copy.addEventListener('click', () => void this.copyLink());
    this.link.addEventListener('focus', () => this.link.select());
    this.localize();
  }

  get element(): HTMLDialogElement {
    return this.dialog.element;
  }

  get isOpen(): boolean {
    return this.dialog.isOpen;
  }

  open(returnTo: HTMLElement): void {
    this.showForm(false);
    this.dialog.open(this.role, returnTo);
  }

  localize(): void {
    const t = this.i18n.t.bind(this.i18n);
    this.dialog.heading.textContent = t('account.inviteDialog.title');
    this.intro.textContent = t('account.inviteDialog.intro');
    this.roleLabel.textContent = t('account.inviteDialog.role');
    for (const option of Array.from(this.role.options)) {
      if (isInvitedRole(option.value)) option.textContent = t(`role.${option.value}`);
    }
    this.cancel.textContent = t('account.cancel');
    this.form.localize();
    this.linkLabel.textContent = t('account.inviteDialog.link');
    this.copy.textContent = t('account.inviteDialog.copy');
    this.another.textContent = t('account.inviteDialog.another');
    this.close.textContent = t('account.close');
    const created = this.created;
    if (created) {
      const date = expiryText(created.expiresAt, this.i18n.lang);
      this.linkHint.textContent = t('account.inviteDialog.linkHint', { role: t(`role.${created.role}`), date });
    }
    this.status.textContent = this.statusKey ? t(this.statusKey) : '';
  }

  private showForm(focus: boolean): void {
    this.created = null;
    this.statusKey = null;
    this.form.reset();
    this.result.hidden = true;
    this.form.element.hidden = false;
    this.localize();
    if (focus) this.role.focus();
  }

  private showResult(): void {
    if (!this.created) return;
    this.link.value = this.created.url;
    this.form.element.hidden = true;
    this.result.hidden = false;
    this.statusKey = 'account.inviteDialog.created';
    this.localize();
    this.link.focus();
  }

  private async copyLink(): Promise<void> {
    if (!this.created) return;
    const copied = await copyText(this.created.url);
    this.statusKey = copied ? 'account.inviteDialog.copied' : 'account.inviteDialog.copyFailed';
    this.localize();
    if (!copied) this.link.focus();
  }
}
