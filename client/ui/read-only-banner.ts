/** The banner that tells read-only roles (citizens, auditors) why they cannot type. */
import type { Me } from '../session/api-client.ts';
import { el } from './element.ts';
import type { Localizer } from './i18n.ts';

export class ReadOnlyBanner {
  readonly element: HTMLElement;

  constructor(
    private readonly i18n: Localizer,
    private readonly me: Me,
  ) {
    this.element = el('div', { class: 'banner banner-info', role: 'note', 'data-testid': 'read-only-banner' });
    this.localize();
  }

  localize(): void {
    this.element.textContent = this.i18n.t('readOnly.banner', { role: this.i18n.t(`role.${this.me.role}`) });
  }
}
