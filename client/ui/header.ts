/**
 * The page header: document name, links to its history and its public reading room, connection
 * state, people present, the signed-in person and role (their account menu), the language switch and
 * the help button.
 */
import { DEFAULT_DOC_ID, documentIdFromPath } from '../session/document-route.ts';
import type { AccountMenu } from './account-menu.ts';
import { ConnectionIndicator } from './connection-indicator.ts';
import { el } from './element.ts';
import type { Localizer } from './i18n.ts';
import { LanguageSwitch } from './language-switch.ts';
import { PresenceList } from './presence-list.ts';

export class PageHeader {
  readonly element: HTMLElement;
  readonly connection: ConnectionIndicator;
  readonly presence: PresenceList;
  private readonly title: HTMLElement;
  private readonly helpButton: HTMLButtonElement;
  private readonly languageSwitch: LanguageSwitch;
  private readonly historyLink: HTMLAnchorElement;
  private readonly readingRoomLink: HTMLAnchorElement;
  private readonly docId: string;

  constructor(
    private readonly i18n: Localizer,
    onHelp: () => void,
    /** The person's name and role, opening their account menu. */
    private readonly account: AccountMenu,
  ) {
    this.connection = new ConnectionIndicator(i18n);
    this.presence = new PresenceList(i18n);
    this.languageSwitch = new LanguageSwitch(i18n);
    this.title = el('h1', { class: 'doc-title', 'data-testid': 'document-title' });
    this.helpButton = el('button', { type: 'button', class: 'icon-button help-button', 'aria-keyshortcuts': 'Shift+?', 'data-testid': 'help-button' }, '?');
    this.helpButton.addEventListener('click', onHelp);
    // The history of the document this page shows (the path names it; `/` is the constitution).
    const docId = documentIdFromPath(window.location.pathname) ?? DEFAULT_DOC_ID;
    this.docId = docId;
    this.historyLink = el('a', { class: 'header-link', href: `/d/${encodeURIComponent(docId)}/history`, 'data-testid': 'history-link' });
    // The public reading room of the same document: what anyone without an account reads.
    this.readingRoomLink = el('a', { class: 'header-link header-link-optional', href: `/read/${encodeURIComponent(docId)}`, 'data-testid': 'reading-room-link' });
    this.element = el(
      'header',
      { class: 'app-header' },
      // The history link sits with the document's name (it is about the document), which on a phone
      // also leaves the person's own name room on the tools row.
      el('div', { class: 'header-title' }, el('span', { class: 'app-name' }, 'Carta'), this.title, this.historyLink, this.readingRoomLink),
      el('div', { class: 'header-status' }, this.connection.element, this.presence.element),
      el(
        'div',
        { class: 'header-tools' },
        account.element,
        this.languageSwitch.element,
        this.helpButton,
      ),
    );
  }

  setTitle(title: string): void {
    this.title.textContent = title;
  }

  localize(): void {
    this.account.localize();
    this.historyLink.textContent = this.i18n.t('header.history');
    this.readingRoomLink.textContent = this.i18n.t('header.readingRoom');
    this.readingRoomLink.href = `/read/${encodeURIComponent(this.docId)}${this.i18n.lang === 'en' ? '?lang=en' : ''}`;
    this.helpButton.setAttribute('aria-label', this.i18n.t('header.help.label'));
    this.helpButton.title = this.i18n.t('header.help.label');
    this.connection.localize();
    this.presence.localize();
    this.languageSwitch.localize();
  }
}
