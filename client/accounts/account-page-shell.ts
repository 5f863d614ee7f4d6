/**
 * The frame of the account pages: Carta's name and the language switch above, the page's heading
 * and content in the main region, and a way to the public reading room below (reading needs no
 * account). Pages re-word themselves when the language changes; the shell keeps the frame's own
 * text and the tab's title in step.
 */
import { DEFAULT_DOC_ID } from '../session/document-route.ts';
import { el } from '../ui/element.ts';
import type { Localizer } from '../ui/i18n.ts';
import { LanguageSwitch } from '../ui/language-switch.ts';

export interface AccountPage {
  /** The page's heading (and the tab's title), in the current language. */
  title(): string;
  /** The content under the heading. */
  readonly element: HTMLElement;
  /** Re-words the page after a change of language. */
  localize(): void;
}

export class AccountPageShell {
  private readonly heading: HTMLHeadingElement;
  private readonly readingRoom: HTMLAnchorElement;
  private readonly language: LanguageSwitch;

  constructor(
    root: HTMLElement,
    private readonly i18n: Localizer,
    private readonly page: AccountPage,
    testId: string,
  ) {
    this.language = new LanguageSwitch(i18n);
    this.heading = el('h1', { id: 'account-title' });
    this.readingRoom = el('a', { href: `/read/${DEFAULT_DOC_ID}`, 'data-testid': 'reading-room-link' });
    root.replaceChildren(
      el(
        'div',
        { class: 'account-app' },
        el('header', { class: 'page-message-header' }, el('span', { class: 'app-name' }, 'Carta'), this.language.element),
        el('main', { class: 'account-main', 'aria-labelledby': 'account-title', 'data-testid': testId }, this.heading, page.element),
        el('footer', { class: 'account-footer' }, this.readingRoom),
      ),
    );
    i18n.onChange(() => this.localize());
    this.localize();
  }

  localize(): void {
    document.documentElement.lang = this.i18n.lang;
    this.language.localize();
    this.page.localize();
    this.heading.textContent = this.page.title();
    document.title = this.i18n.t('app.title', { title: this.page.title() });
    this.readingRoom.textContent = this.i18n.t('account.readingRoom');
    this.readingRoom.href = `/read/${DEFAULT_DOC_ID}${this.i18n.lang === 'en' ? '?lang=en' : ''}`;
  }
}
