/**
 * /invite#code=…: what the invitation is (the role, whom it is for, until when), then the
 * invitee's name, email and password; accepting signs them in and opens the document. An unknown,
 * used or expired invitation says so and what to do instead.
 */
import { NAME_MAX_LENGTH } from '../../shared/auth/account-limits.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { ApiError } from '../session/api-client.ts';
import type { AccountApi, InvitationSummary } from '../session/account-api.ts';
import { forgetTokens, type TokenStores } from '../session/token-store.ts';
import { el } from '../ui/element.ts';
import type { Localizer } from '../ui/i18n.ts';
import type { AccountPage } from './account-page-shell.ts';
import { AccountForm } from './account-form.ts';
import { emailProblem, type FieldMessage, nameProblem, newPasswordProblem, PASSWORD_RULES } from './field-checks.ts';
import { expiryText } from './expiry-text.ts';
import { invitationCodeFromHash } from './invitation-code.ts';
import { refusalMessage } from './refusal-message.ts';

type InviteState =
  | { kind: 'loading' }
  | { kind: 'ready'; invitation: InvitationSummary; form: AccountForm }
  | { kind: 'refused'; message: FieldMessage; retry: boolean };

/** Why an invitation cannot be used, in the person's words. */
export function invitationRefusal(error: unknown): FieldMessage {
  if (error instanceof ApiError) {
    if (error.status === 404 || error.id === 'not-found') return { key: 'account.invite.notFound' };
    if (error.id === 'invitation-used') return { key: 'account.invite.used' };
    if (error.id === 'invitation-expired' || error.status === 410) return { key: 'account.invite.expired' };
  }
  return refusalMessage(error).message;
}

export class InvitePage implements AccountPage {
  readonly element: HTMLElement;
  private readonly code: string | null;
  private state: InviteState = { kind: 'loading' };
  private readonly loading = el('p', { role: 'status' });
  private readonly refused = el('p', { class: 'notice-strong', role: 'alert', 'data-testid': 'invite-refused' });
  private readonly signInLink = el('a', { href: '/signin' });
  private readonly retryButton = el('button', { type: 'button', class: 'button' });
  private readonly summary = el('p', { class: 'account-invitation', 'data-testid': 'invite-summary' });
  private readonly intro = el('p', {});

  constructor(
    private readonly i18n: Localizer,
    private readonly api: AccountApi,
    private readonly tokens: TokenStores,
    location: Location,
  ) {
    this.code = invitationCodeFromHash(location.hash);
    this.element = el('div', { class: 'account-page', 'data-testid': 'invite-page' });
    this.retryButton.addEventListener('click', () => {
      if (this.code !== null) void this.load(this.code);
    });
    if (this.code === null) this.show({ kind: 'refused', message: { key: 'account.invite.noCode' }, retry: false });
    else void this.load(this.code);
  }

  title(): string {
    return this.i18n.t('account.invite.title');
  }

  localize(): void {
    const t = this.i18n.t.bind(this.i18n);
    const state = this.state;
    this.loading.textContent = t('account.invite.loading');
    this.signInLink.textContent = t('account.signUp.toSignIn');
    this.retryButton.textContent = t('app.retry');
    if (state.kind === 'refused') this.refused.textContent = t(state.message.key, state.message.params);
    if (state.kind === 'ready') {
      const { invitation, form } = state;
      const role = t(`role.${invitation.role}`);
      const forWhom: MessageKey = invitation.name.trim() === '' ? 'account.invite.forAnyone' : 'account.invite.for';
      const expires = expiryText(invitation.expiresAt, this.i18n.lang);
      this.summary.textContent = `${t(forWhom, { name: invitation.name, role })} ${t('account.invite.expires', { date: expires })}`;
      this.summary.dataset.role = invitation.role;
      this.intro.textContent = t('account.invite.intro');
      form.localize();
    }
  }

  /** Puts the state's parts in the page (once per state: re-wording never moves the focused field). */
  private show(state: InviteState): void {
    this.state = state;
    switch (state.kind) {
      case 'loading':
        this.element.replaceChildren(this.loading);
        break;
      case 'refused':
        this.element.replaceChildren(
          this.refused,
          state.message.key === 'account.invite.used' ? el('p', {}, this.signInLink) : '',
          state.retry ? el('p', {}, this.retryButton) : '',
        );
        break;
      case 'ready':
        this.element.replaceChildren(this.summary, this.intro, state.form.element);
        break;
    }
    this.localize();
  }

  private async load(code: string): Promise<void> {
    this.show({ kind: 'loading' });
    try {
      const invitation = await this.api.invitation(code);
      const form = this.acceptForm(code, invitation);
      this.show({ kind: 'ready', invitation, form });
      form.focusFirstField();
    } catch (error) {
      const retry = error instanceof ApiError && (error.id === 'network' || error.status >= 500);
      this.show({ kind: 'refused', message: invitationRefusal(error), retry });
      if (retry) this.retryButton.focus();
    }
  }
  private acceptForm(code: string, invitation: InvitationSummary): AccountForm {
    return new AccountForm(this.i18n, {
      id: 'invite',
      fields: [
        { name: 'name', type: 'text', autocomplete: 'name', label: { key: 'account.field.name' }, hint: { key: 'account.field.nameHint', params: { max: NAME_MAX_LENGTH } }, check: nameProblem, value: invitation.name },
        { name: 'email', type: 'email', autocomplete: 'email', label: { key: 'account.field.email' }, check: emailProblem },
        { name: 'password', type: 'password', autocomplete: 'new-password', label: { key: 'account.field.password' }, hint: PASSWORD_RULES, check: newPasswordProblem },
      ],
      submitLabel: { key: 'account.invite.submit' },
      busyLabel: { key: 'account.invite.busy' },
      submit: async (values) => {
        await this.api.acceptInvitation({ code, name: values.name ?? '', email: values.email ?? '', password: values.password ?? '' });
        forgetTokens(this.tokens);
        // The code is spent: replace the address, so that going back does not offer it again.
        window.location.replace('/');
      },
      refusal: (error) => {
        if (error instanceof ApiError && (error.status === 404 || error.status === 410)) return { field: null, message: invitationRefusal(error) };
        return refusalMessage(error, { name: { key: 'account.error.nameMissing' }, email: { key: 'account.error.emailInvalid' }, password: PASSWORD_RULES });
      },
    });
  }
}
