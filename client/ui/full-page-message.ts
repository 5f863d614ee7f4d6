/**
 * What the page shows instead of the editor: a document address that names no document (or no
 * version of it), or a server that cannot be reached (nobody signed in goes to /signin instead).
 * Calm text, the language switch, and a way forward.
 */
import type { MessageKey } from '../../shared/i18n/index.ts';
import { el } from './element.ts';
import type { Localizer } from './i18n.ts';
import { LanguageSwitch } from './language-switch.ts';

export type PageMessage =
  | { kind: 'invalid-document' }
  /** The address is well-formed but the server has no such document (close code 4404). */
  | { kind: 'document-not-found'; docId: string }
  /** The document exists but the address names no version of it (a log position it does not have). */
  | { kind: 'version-not-found'; docId: string }
  | { kind: 'error'; message: MessageKey; params?: Record<string, string | number>; retry: () => void };

let stopRerendering: (() => void) | null = null;

/** Replaces the content of `root` with the message, re-rendered on language change. */
export function showPageMessage(root: HTMLElement, i18n: Localizer, message: PageMessage): void {
  const languageSwitch = new LanguageSwitch(i18n);
  const render = (): void => {
    languageSwitch.localize();
    const body: Node[] = [];
    let title: string;
    switch (message.kind) {
      case 'invalid-document':
        title = i18n.t('app.error.title');
        body.push(el('p', {}, i18n.t('doc.invalidId')));
        body.push(el('p', {}, el('a', { href: '/' }, i18n.t('app.name'))));
        break;
      case 'document-not-found':
        title = i18n.t('doc.notFound.title');
        body.push(el('p', {}, i18n.t('doc.notFound.body', { id: message.docId })));
        body.push(el('p', {}, el('a', { href: '/', 'data-testid': 'home-link' }, i18n.t('doc.notFound.home'))));
        break;
      case 'version-not-found':
        title = i18n.t('version.notFound.title');
        body.push(el('p', {}, i18n.t('version.notFound.body', { id: message.docId })));
        body.push(el('p', {}, el('a', { href: `/d/${encodeURIComponent(message.docId)}/history`, 'data-testid': 'history-link' }, i18n.t('version.backToHistory'))));
        break;
      case 'error': {
        title = i18n.t('app.error.title');
        body.push(el('p', { role: 'alert' }, i18n.t(message.message, message.params)));
        const retry = el('button', { type: 'button', class: 'button' }, i18n.t('app.retry'));
        retry.addEventListener('click', message.retry);
        body.push(el('p', {}, retry));
        break;
      }
    }
    document.title = i18n.t('app.name');
    root.replaceChildren(
      el(
        'div',
        { class: 'page-message' },
        el('header', { class: 'page-message-header' }, el('span', { class: 'app-name' }, 'Carta'), languageSwitch.element),
        el('main', { class: 'page-message-body', 'data-testid': 'page-message' }, el('h1', {}, title), ...body),
      ),
    );
  };
  document.documentElement.lang = i18n.lang;
  stopRerendering?.();
  stopRerendering = i18n.onChange(() => {
    document.documentElement.lang = i18n.lang;
    render();
  });
  render();
}
