/**
 * The person in the header: their colour, name and role on a button that opens the account menu
 * (change the password, invite someone for admins, sign out). A disclosure, not an application
 * menu: Tab walks its items, Escape closes it and gives the focus back to the button. A page with
 * nobody signed in shows a sign-in link in its place (sign-in-link.ts).
 */
import type { FieldMessage } from '../accounts/field-checks.ts';
import { refusalMessage } from '../accounts/refusal-message.ts';
import type { Me } from '../session/api-client.ts';
import { AccountApi } from '../session/account-api.ts';
import { ApiError } from '../session/api-client.ts';
import { forgetTokenOf, type TokenStores } from '../session/token-store.ts';
import { ChangePasswordDialog } from './change-password-dialog.ts';
import { el } from './element.ts';
import type { Localizer } from './i18n.ts';
import { InviteDialog } from './invite-dialog.ts';

export interface AccountMenuOptions {
  me: Me;
  /** The sign-in link's token this page uses, or null when the session cookie signs it in. */
  token: string | null;
  tokens: TokenStores;
  /** Says something to the person (the page's status line). */
  say: (message: string) => void;
}

export class AccountMenu {
  readonly element: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly name: HTMLElement;
  private readonly role: HTMLElement;
  private readonly panel: HTMLElement;
  private readonly who: HTMLElement;
  private readonly changePassword: HTMLButtonElement | null;
  private readonly invite: HTMLButtonElement | null;
  private readonly signOut: HTMLButtonElement;
  private readonly error = el('p', { class: 'account-menu-error', role: 'alert', 'data-testid': 'account-menu-error' });
  private readonly passwordDialog: ChangePasswordDialog | null;
  private readonly inviteDialog: InviteDialog | null;
  private readonly api: AccountApi;
  private signOutError: FieldMessage | null = null;

  constructor(
    private readonly i18n: Localizer,
    private readonly options: AccountMenuOptions,
  ) {
    const { me, token } = options;
    this.api = new AccountApi(token);
    const swatch = el('span', { class: 'self-swatch', 'aria-hidden': 'true' });
    swatch.style.backgroundColor = me.color;
    this.name = el('span', { class: 'self-name', title: me.name }, me.name);
    this.role = el('span', { class: 'role-badge', 'data-testid': 'user-role', 'data-role': me.role });
    this.button = el(
      'button',
      { type: 'button', class: 'self account-button', 'aria-expanded': 'false', 'aria-controls': 'account-menu-panel', 'data-testid': 'account-button' },
      swatch,
      // Spaces between the name and the role, so that their visible text is part of the button's
      // accessible name as a phrase (WCAG "label in name"), not run together.
      this.name,
      ' ',
      this.role,
    );
    this.who = el('p', { class: 'account-menu-who' });
    // A password exists only for accounts that signed in with one; a sign-in link's person has none.
    this.changePassword = token === null ? el('button', { type: 'button', class: 'account-menu-item', 'data-testid': 'account-change-password' }) : null;
    this.invite = me.role === 'admin' ? el('button', { type: 'button', class: 'account-menu-item', 'data-testid': 'account-invite' }) : null;
    this.signOut = el('button', { type: 'button', class: 'account-menu-item', 'data-testid': 'account-sign-out' });
    this.panel = el(
      'div',
      { class: 'account-menu-panel', id: 'account-menu-panel', hidden: true, 'data-testid': 'account-menu' },
      this.who,
      el('ul', { class: 'account-menu-items' }, ...[this.changePassword, this.invite, this.signOut].flatMap((item) => (item ? [el('li', {}, item)] : []))),
      this.error,
    );
    this.passwordDialog = this.changePassword ? new ChangePasswordDialog(i18n, this.api, options.say) : null;
    this.inviteDialog = this.invite ? new InviteDialog(i18n, this.api) : null;
    this.element = el('div', { class: 'account-menu' }, this.button, this.panel, this.passwordDialog?.element ?? null, this.inviteDialog?.element ?? null);

    this.button.addEventListener('click', () => (this.isOpen ? this.closeMenu(false) : this.openMenu()));
    this.element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.isOpen) {
        event.preventDefault();
        event.stopPropagation();
        this.closeMenu(true);
      }
    });
    // Leaving the menu (by Tab or by a click elsewhere) closes it.
    this.element.addEventListener('focusout', (event) => {
      const next = event.relatedTarget;
      if (this.isOpen && !(next instanceof Node && this.element.contains(next))) this.closeMenu(false);
    });
    document.addEventListener('pointerdown', (event) => {
      if (this.isOpen && !(event.target instanceof Node && this.element.contains(event.target))) this.closeMenu(false);
    });
    this.changePassword?.addEventListener('click', () => {
      this.closeMenu(false);
      this.passwordDialog?.open(this.button);
    });
    this.invite?.addEventListener('click', () => {
      this.closeMenu(false);
      this.inviteDialog?.open(this.button);
    });
    this.signOut.addEventListener('click', () => void this.endSession());
    this.localize();
  }

  get isOpen(): boolean {
    return !this.panel.hidden;
  }

  /** True while one of the menu's dialogs is open (the page's own shortcuts stay quiet). */
  get dialogOpen(): boolean {
    return this.passwordDialog?.isOpen === true || this.inviteDialog?.isOpen === true;
  }

  localize(): void {
    const t = this.i18n.t.bind(this.i18n);
    const role = t(`role.${this.options.me.role}`);
    this.role.textContent = role;
    this.role.setAttribute('title', t('header.role', { role }));
    this.button.setAttribute('aria-label', `${this.options.me.name}, ${role}: ${t('account.menu.label')}`);
    this.who.textContent = t('account.menu.signedInAs', { name: this.options.me.name, role });
    if (this.changePassword) this.changePassword.textContent = t('account.menu.changePassword');
    if (this.invite) this.invite.textContent = t('account.menu.invite');
    this.signOut.textContent = t('account.menu.signOut');
    this.error.textContent = this.signOutError ? t('account.menu.signOutFailed', { message: t(this.signOutError.key, this.signOutError.params) }) : '';
    this.passwordDialog?.localize();
    this.inviteDialog?.localize();
  }

  private openMenu(): void {
    this.panel.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    this.panel.querySelector<HTMLButtonElement>('.account-menu-item')?.focus();
  }

  private closeMenu(refocus: boolean): void {
    this.panel.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
    if (refocus) this.button.focus();
  }

  /** Ends the cookie session and forgets this page's sign-in link, then goes to the sign-in page. */
  private async endSession(): Promise<void> {
    const { token, tokens } = this.options;
    if (token !== null) forgetTokenOf(tokens, token);
    try {
      await this.api.signOut();
    } catch (error) {
      // A page signed in by link may have no cookie session to end; anything else is worth saying.
      if (!(token !== null && error instanceof ApiError && error.id === 'unauthenticated')) {
        console.error('carta: signing out failed', error);
        this.signOutError = refusalMessage(error).message;
        this.localize();
        return;
      }
    }
    window.location.assign('/signin');
  }
}
