/**
 * The notice for a connection the server closed on purpose: the translated reason and, where a
 * fresh page load fixes it, a Reload button. Transient reasons disappear on the next sync.
 *
 * When the connection ended for good while some of this person's changes were not on the server,
 * the notice says how many, and offers the text of the passages they changed (to copy, or to read
 * and copy by hand), because reloading or closing the page loses those changes.
 */
import type { CloseReason } from '../collab/close-reasons.ts';
import { copyText } from './clipboard.ts';
import { el } from './element.ts';
import type { Localizer } from './i18n.ts';

export interface UnsavedWork {
  count: number;
  /** The text of the passages changed (may be empty: deletions leave nothing to copy). */
  passages: readonly string[];
}

export class ConnectionNotice {
  readonly element: HTMLElement;
  private readonly text: HTMLElement;
  private readonly extra: HTMLElement;
  private readonly reload: HTMLButtonElement;
  private readonly unsavedText: HTMLElement;
  private readonly copy: HTMLButtonElement;
  private readonly details: HTMLDetailsElement;
  private readonly summary: HTMLElement;
  private readonly passages: HTMLElement;
  private reason: CloseReason | null = null;
  /** The way back in after the server said the sign-in ended, once the page offers one (else the text says how). */
  private readonly signIn: HTMLAnchorElement;
  private unsaved: UnsavedWork | null = null;

  constructor(
    private readonly i18n: Localizer,
    private readonly say: (message: string) => void = () => {},
  ) {
    this.text = el('span', { class: 'banner-text' });
    this.extra = el('span', { class: 'banner-extra' });
    this.signIn = el('a', { class: 'button', href: '/signin', hidden: true, 'data-testid': 'sign-in-again' });
    this.reload = el('button', { type: 'button', class: 'button' });
    this.reload.addEventListener('click', () => window.location.reload());
    this.unsavedText = el('strong', { class: 'banner-unsaved', 'data-testid': 'unsaved-notice' });
    this.copy = el('button', { type: 'button', class: 'button', 'data-testid': 'copy-unsaved' });
    this.copy.addEventListener('click', () => void this.copyPassages());
    this.summary = el('summary', {});
    this.passages = el('div', { class: 'unsaved-passages', lang: 'es', 'data-testid': 'unsaved-passages' });
    this.details = el('details', { class: 'unsaved-details' }, this.summary, this.passages);
    this.element = el(
      'div',
      { class: 'banner banner-warning', 'data-testid': 'connection-notice', hidden: true },
      this.text,
      this.extra,
      this.signIn,
      this.unsavedText,
      this.copy,
      this.reload,
      this.details,
    );
  }

  /** Offers a link to the sign-in page (coming back here) while the sign-in has ended. */
  offerSignIn(href: string): void {
    this.signIn.href = href;
    this.signIn.dataset.offered = 'true';
    this.localize();
  }

  show(reason: CloseReason | null): void {
    this.reason = reason;
    this.element.dataset.code = reason ? String(reason.code) : '';
    this.element.classList.toggle('banner-error', reason?.terminal === true);
    this.localize();
  }

  /** The changes lost with a terminal close; null when there are none (or the connection is fine). */
  showUnsaved(unsaved: UnsavedWork | null): void {
    this.unsaved = unsaved !== null && unsaved.count > 0 ? unsaved : null;
    this.passages.replaceChildren(...(this.unsaved?.passages ?? []).map((passage) => el('blockquote', {}, passage)));
    this.localize();
  }

  localize(): void {
    const reason = this.reason;
    this.element.hidden = reason === null && this.unsaved === null;
    this.text.textContent = reason ? this.i18n.t(reason.message) : '';
    const offered = this.signIn.dataset.offered === 'true' && reason?.signedOut === true;
    this.extra.textContent = reason?.signedOut && !offered ? ` ${this.i18n.t('notice.signInAgain')}` : '';
    this.signIn.hidden = !offered;
    this.signIn.textContent = this.i18n.t('account.menu.signIn');
    this.reload.hidden = !reason?.offerReload;
    this.reload.textContent = this.i18n.t('notice.reload');
    const unsaved = this.unsaved;
    this.unsavedText.hidden = unsaved === null;
    this.unsavedText.textContent =
      unsaved === null ? '' : unsaved.count === 1 ? this.i18n.t('unsaved.one') : this.i18n.t('unsaved.many', { count: unsaved.count });
    const hasText = unsaved !== null && unsaved.passages.length > 0;
    this.copy.hidden = !hasText;
    this.copy.textContent = this.i18n.t('unsaved.copy');
    this.details.hidden = !hasText;
    this.summary.textContent = this.i18n.t('unsaved.show');
  }

  private async copyPassages(): Promise<void> {
    const text = (this.unsaved?.passages ?? []).join('\n\n');
    if (text === '') return;
    const copied = await copyText(text);
    this.say(this.i18n.t(copied ? 'unsaved.copied' : 'unsaved.copyFailed'));
  }
}
