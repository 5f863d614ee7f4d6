/**
 * /signin: email and password, then back to the page that sent the person here (`?next=`).
 * Someone already signed in by cookie is offered to continue as themselves; `?expired=1` says
 * why they are here. Links lead to creating an account and to the public reading room.
 */
import { ApiError, fetchMe, type Me } from '../session/api-client.ts';
import type { AccountApi } from '../session/account-api.ts';
import { accountPageAddress, returnPathFromSearch } from '../session/return-path.ts';
import { forgetTokens, type TokenStores } from '../session/token-store.ts';
import { el } from '../ui/element.ts';
import type { Localizer } from '../ui/i18n.ts';
import type { AccountPage } from './account-page-shell.ts';
import { AccountForm } from './account-form.ts';
import { emailProblem, enteredPasswordProblem } from './field-checks.ts';
import { refusalMessage } from './refusal-message.ts';

export class SignInPage implements AccountPage {
  readonly element: HTMLElement;
  readonly form: AccountForm;
  private readonly intro = el('p', {});
  private readonly expired: HTMLElement | null;
  private readonly already = el('div', { class: 'account-already', 'data-testid': 'signin-already', hidden: true });
  private readonly toSignUp: HTMLElement;
  private readonly links = el('p', { class: 'muted' });
  private me: Me | null = null;
  private readonly next: string;

  constructor(
    private readonly i18n: Localizer,
    api: AccountApi,
    tokens: TokenStores,
    location: Location,
  ) {
    this.next = returnPathFromSearch(location.search);
    const expired = new URLSearchParams(location.search).get('expired') === '1';
    this.expired = expired ? el('p', { class: 'notice-strong', role: 'alert', 'data-testid': 'signin-expired' }) : null;
    this.form = new AccountForm(i18n, {
      id: 'signin',
      fields: [
        { name: 'email', type: 'email', autocomplete: 'username', label: { key: 'account.field.email' }, check: emailProblem },
        { name: 'password', type: 'password', autocomplete: 'current-password', label: { key: 'account.field.password' }, check: enteredPasswordProblem },
      ],
      submitLabel: { key: 'account.signIn.submit' },
      busyLabel: { key: 'account.signIn.busy' },
      submit: async (values) => {
        await api.signIn({ email: values.email ?? '', password: values.password ?? '' });
        forgetTokens(tokens);
        window.location.assign(this.next);
      },
      refusal: (error) => refusalMessage(error, { email: { key: 'account.error.emailInvalid' }, password: { key: 'account.error.passwordMissing' } }),
    });
    this.toSignUp = el('p', { class: 'account-switch' });
    this.element = el('div', { class: 'account-page' }, this.expired, this.already, this.intro, this.form.element, this.toSignUp, this.links);
    void this.lookForSession();
  }

  title(): string {
    return this.i18n.t('account.signIn.title');
  }

  localize(): void {
    const t = this.i18n.t.bind(this.i18n);
    if (this.expired) this.expired.textContent = t('account.signIn.expired');
    this.intro.textContent = t('account.signIn.intro');
    this.form.localize();
    this.toSignUp.replaceChildren(`${t('account.signIn.noAccount')} `, el('a', { href: accountPageAddress('/signup', this.next), 'data-testid': 'to-signup' }, t('account.signIn.toSignUp')));
    this.links.textContent = t('account.signIn.links');
    this.already.hidden = this.me === null;
    if (this.me) {
      const role = t(`role.${this.me.role}`);
      this.already.replaceChildren(
        el('p', {}, t('account.signIn.already', { name: this.me.name, role })),
        el('p', {}, el('a', { class: 'button', href: this.next, 'data-testid': 'signin-continue' }, t('account.signIn.continue', { name: this.me.name }))),
      );
    }
  }

  /** A person still signed in by cookie may go on as themselves (or sign in as someone else below). */
  private async lookForSession(): Promise<void> {
    try {
      this.me = await fetchMe(null);
      this.localize();
    } catch (error) {
      // Not signed in is the usual case here; anything else the form will meet and explain.
      if (!(error instanceof ApiError)) console.error('carta: could not ask who is signed in', error);
    }
  }
}
