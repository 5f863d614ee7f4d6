/**
 * The language switch: one button that names the other language in that language ("English",
 * "Español"), as people look for their own language's name.
 */
import { el } from './element.ts';
import type { Localizer } from './i18n.ts';

export class LanguageSwitch {
  readonly element: HTMLButtonElement;

  constructor(private readonly i18n: Localizer) {
    this.element = el('button', { type: 'button', class: 'lang-switch', 'data-testid': 'lang-switch' });
    this.element.addEventListener('click', () => i18n.set(i18n.other));
    this.localize();
  }

  localize(): void {
    this.element.textContent = this.i18n.t('lang.switch');
    this.element.lang = this.i18n.other;
    // The visible name stays the accessible name (WCAG "label in name"); the explanation is a tooltip.
    this.element.title = this.i18n.t('lang.switch.label');
  }
}
