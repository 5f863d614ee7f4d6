/**
 * The notice for a connection the server closed on purpose: the translated reason and, where a
 * fresh page load fixes it, a Reload button. Transient reasons disappear on the next sync.
 */
import type { CloseReason } from '../collab/close-reasons.ts';
import { el } from './element.ts';
import type { Localizer } from './i18n.ts';

export class ConnectionNotice {
  readonly element: HTMLElement;
  private readonly text: HTMLElement;
  private readonly extra: HTMLElement;
  private readonly reload: HTMLButtonElement;
  private reason: CloseReason | null = null;

  constructor(private readonly i18n: Localizer) {
    this.text = el('span', { class: 'banner-text' });
    this.extra = el('span', { class: 'banner-extra' });
    this.reload = el('button', { type: 'button', class: 'button' });
    this.reload.addEventListener('click', () => window.location.reload());
    this.element = el('div', { class: 'banner banner-warning', 'data-testid': 'connection-notice', hidden: true }, this.text, this.extra, this.reload);
  }

  show(reason: CloseReason | null): void {
    this.reason = reason;
    this.element.hidden = reason === null;
    this.element.dataset.code = reason ? String(reason.code) : '';
    this.element.classList.toggle('banner-error', reason?.terminal === true);
    this.localize();
  }

  localize(): void {
    const reason = this.reason;
    this.text.textContent = reason ? this.i18n.t(reason.message) : '';
    this.extra.textContent = reason?.signedOut ? ` ${this.i18n.t('notice.signInAgain')}` : '';
    this.reload.hidden = !reason?.offerReload;
    this.reload.textContent = this.i18n.t('notice.reload');
  }
}
