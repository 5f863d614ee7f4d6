/**
 * "Iniciar sesión" in the header of a public page nobody is signed in to: the sign-in page, which
 * comes back to this page afterwards.
 */
import { signInAddress } from '../session/return-path.ts';
import { el } from './element.ts';
import type { Localizer } from './i18n.ts';

export class SignInLink {
  readonly element: HTMLAnchorElement;

  constructor(
    private readonly i18n: Localizer,
    location: Location,
  ) {
    this.element = el('a', { class: 'header-link account-sign-in', href: signInAddress(`${location.pathname}${location.search}`), 'data-testid': 'account-sign-in' });
    this.localize();
  }

  localize(): void {
    this.element.textContent = this.i18n.t('account.menu.signIn');
  }
}
