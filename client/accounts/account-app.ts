/** Starts one of the account pages (/signin, /signup, /invite) in the page's root. */
import { AccountApi } from '../session/account-api.ts';
import type { TokenStores } from '../session/token-store.ts';
import type { Localizer } from '../ui/i18n.ts';
import { AccountPageShell } from './account-page-shell.ts';
import type { AccountPageName } from './account-route.ts';
import { InvitePage } from './invite-page.ts';
import { SignInPage } from './signin-page.ts';
import { SignUpPage } from './signup-page.ts';

export function startAccountPage(root: HTMLElement, i18n: Localizer, name: AccountPageName, tokens: TokenStores): void {
  // These pages start a cookie session of their own; a remembered sign-in link is not sent.
  const api = new AccountApi(null);
  if (name === 'invite') {
    const page = new InvitePage(i18n, api, tokens, window.location);
    new AccountPageShell(root, i18n, page, 'invite');
    return;
  }
  const page = name === 'signin' ? new SignInPage(i18n, api, tokens, window.location) : new SignUpPage(i18n, api, tokens, window.location);
  new AccountPageShell(root, i18n, page, name === 'signin' ? 'sign-in' : 'sign-up');
  page.form.focusFirstField();
}
