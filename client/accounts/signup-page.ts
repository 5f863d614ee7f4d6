/**
 * /signup: a citizen's account (name, email, password, with the password rules shown under the
 * field); then the person is signed in and goes on to the page that sent them (`?next=`).
 */
import { NAME_MAX_LENGTH } from '../../shared/auth/account-limits.ts';
import type { AccountApi } from '../session/account-api.ts';
import { accountPageAddress, returnPathFromSearch } from '../session/return-path.ts';
import { forgetTokens, type TokenStores } from '../session/token-store.ts';
import { el } from '../ui/element.ts';
import type { Localizer } from '../ui/i18n.ts';
import type { AccountPage } from './account-page-shell.ts';
import { AccountForm } from './account-form.ts';
import { emailProblem, nameProblem, newPasswordProblem, PASSWORD_RULES } from './field-checks.ts';
import { refusalMessage } from './refusal-message.ts';

export class SignUpPage implements AccountPage {
  readonly element: HTMLElement;
  readonly form: AccountForm;
  private readonly intro = el('p', {});
  private readonly toSignIn = el('p', { class: 'account-switch' });
  private readonly next: string;

  constructor(
    private readonly i18n: Localizer,
    api: AccountApi,
    tokens: TokenStores,
    location: Location,
  ) {
    this.next = returnPathFromSearch(location.search);
    this.form = new AccountForm(i18n, {
      id: 'signup',
      fields: [
        { name: 'name', type: 'text', autocomplete: 'name', label: { key: 'account.field.name' }, hint: { key: 'account.field.nameHint', params: { max: NAME_MAX_LENGTH } }, check: nameProblem },
        { name: 'email', type: 'email', autocomplete: 'email', label: { key: 'account.field.email' }, check: emailProblem },
        { name: 'password', type: 'password', autocomplete: 'new-password', label: { key: 'account.field.password' }, hint: PASSWORD_RULES, check: newPasswordProblem },
      ],
      submitLabel: { key: 'account.signUp.submit' },
      busyLabel: { key: 'account.signUp.busy' },
      submit: async (values) => {
        await api.signUp({ name: values.name ?? '', email: values.email ?? '', password: values.password ?? '' });
        forgetTokens(tokens);
        window.location.assign(this.next);
      },
      refusal: (error) => refusalMessage(error, { name: { key: 'account.error.nameMissing' }, email: { key: 'account.error.emailInvalid' }, password: PASSWORD_RULES }),
    });
    this.element = el('div', { class: 'account-page' }, this.intro, this.form.element, this.toSignIn);
  }

  title(): string {
    return this.i18n.t('account.signUp.title');
  }

  localize(): void {
    const t = this.i18n.t.bind(this.i18n);
    this.intro.textContent = t('account.signUp.intro');
    this.form.localize();
    this.toSignIn.replaceChildren(`${t('account.signUp.haveAccount')} `, el('a', { href: accountPageAddress('/signin', this.next), 'data-testid': 'to-signin' }, t('account.signUp.toSignIn')));
  }
}
