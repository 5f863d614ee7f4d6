/**
 * The text the server handed back because it could not be placed (someone moved or changed the
 * block while this person typed in it, or while they were offline). A modal dialog opens as soon
 * as such text arrives and lists each piece with "Copiar" and, when the block still exists
 * elsewhere (the moved copy), "Ir al lugar". Closing the dialog does not throw the text away: a
 * banner stays until the person discards it explicitly, so nothing is lost silently.
 */
import type { OrphanedItem, OrphanedTextInbox } from '../collab/notices.ts';
import { copyText } from './clipboard.ts';
import { el } from './element.ts';
import type { Localizer } from './i18n.ts';

export interface OrphanedTextActions {
  /** Whether a live node with this uid exists in the document now. */
  canGoTo(uid: string): boolean;
  /** Moves the selection to that node; false when it no longer exists. */
  goTo(uid: string): boolean;
  /** Tells the person the outcome (copied, could not copy, place gone). */
  say(message: string): void;
}

interface Row {
  item: OrphanedItem;
  element: HTMLElement;
  copy: HTMLButtonElement;
  goTo: HTMLButtonElement;
}

export class OrphanedTextDialog {
  readonly element: HTMLDialogElement;
  /** Shown while there is text left and the dialog is closed; goes in the page's banner area. */
  readonly banner: HTMLElement;
  private readonly title: HTMLElement;
  private readonly body: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly copyAll: HTMLButtonElement;
  private readonly closeButton: HTMLButtonElement;
  private readonly bannerText: HTMLElement;
  private readonly reopen: HTMLButtonElement;
  private readonly discard: HTMLButtonElement;
  private readonly rows = new Map<number, Row>();
  private returnFocus: HTMLElement | null = null;

  constructor(
    private readonly i18n: Localizer,
    private readonly inbox: OrphanedTextInbox,
    private readonly actions: OrphanedTextActions,
  ) {
    this.title = el('h2', { id: 'orphans-title' });
    this.body = el('p', { id: 'orphans-description' });
    this.list = el('ol', { class: 'orphan-list', 'data-testid': 'orphan-list' });
    this.copyAll = el('button', { type: 'button', class: 'button', 'data-testid': 'orphan-copy-all' });
    this.copyAll.addEventListener('click', () => void this.copy(this.inbox.current.map((item) => item.text).join('\n\n')));
    this.closeButton = el('button', { type: 'button', class: 'button button-primary', 'data-testid': 'orphan-close' });
    this.closeButton.addEventListener('click', () => this.close());
    this.element = el(
      'dialog',
      { class: 'orphan-dialog', 'aria-labelledby': 'orphans-title', 'aria-describedby': 'orphans-description', 'data-testid': 'orphan-dialog' },
      this.title,
      this.body,
      this.list,
      el('div', { class: 'dialog-actions' }, this.copyAll, this.closeButton),
    );
    this.element.addEventListener('close', () => {
      this.returnFocus?.focus({ preventScroll: true });
      this.returnFocus = null;
      this.refreshBanner();
    });

    this.bannerText = el('span', { class: 'banner-text' });
    this.reopen = el('button', { type: 'button', class: 'button', 'data-testid': 'orphan-reopen' });
    this.reopen.addEventListener('click', () => this.open());
    this.discard = el('button', { type: 'button', class: 'button', 'data-testid': 'orphan-discard' });
    this.discard.addEventListener('click', () => this.inbox.dismiss());
    this.banner = el('div', { class: 'banner banner-warning', 'data-testid': 'orphan-banner', hidden: true }, this.bannerText, this.reopen, this.discard);

    inbox.subscribe((_items, added) => {
      this.sync();
      if (added.length > 0) this.open();
    });
    this.sync();
    this.localize();
  }

  get isOpen(): boolean {
    return this.element.open;
  }

  open(): void {
    if (this.inbox.current.length === 0) return;
    this.refreshPlaces();
    if (!this.element.open) {
      this.returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      this.element.showModal();
      // The first thing to do is usually to copy the first text.
      this.rows.values().next().value?.copy.focus();
    }
    this.refreshBanner();
  }

  close(): void {
    if (this.element.open) this.element.close();
  }

  localize(): void {
    this.title.textContent = this.i18n.t('orphans.title');
    this.body.textContent = this.i18n.t('orphans.body');
    this.copyAll.textContent = this.i18n.t('orphans.copyAll');
    this.closeButton.textContent = this.i18n.t('orphans.close');
    this.reopen.textContent = this.i18n.t('orphans.show');
    this.discard.textContent = this.i18n.t('orphans.discard');
    let n = 0;
    for (const row of this.rows.values()) this.localizeRow(row, ++n);
    this.refreshBanner();
  }

  /** Adds rows for new items and removes rows of dismissed ones, keeping focus where it was. */
  private sync(): void {
    const current = new Set(this.inbox.current.map((item) => item.id));
    for (const [id, row] of this.rows) {
      if (!current.has(id)) {
        row.element.remove();
        this.rows.delete(id);
      }
    }
    for (const item of this.inbox.current) if (!this.rows.has(item.id)) this.addRow(item);
    if (this.inbox.current.length === 0) this.close();
    this.copyAll.hidden = this.inbox.current.length < 2;
    this.localize();
    this.refreshPlaces();
  }

  private addRow(item: OrphanedItem): void {
    const textId = `orphan-text-${item.id}`;
    // The text is Spanish like the document, and stays selectable for copying by hand.
    const text = el('blockquote', { class: 'orphan-text', id: textId, lang: 'es', 'data-testid': 'orphan-text' }, item.text);
    const copy = el('button', { type: 'button', class: 'button', 'data-testid': 'orphan-copy', 'aria-describedby': textId });
    copy.addEventListener('click', () => void this.copy(item.text));
    const goTo = el('button', { type: 'button', class: 'button', 'data-testid': 'orphan-go-to', 'aria-describedby': textId, hidden: true });
    goTo.addEventListener('click', () => this.goTo(item));
    const element = el('li', { class: 'orphan-item' }, text, el('div', { class: 'orphan-actions' }, copy, goTo));
    this.list.append(element);
    this.rows.set(item.id, { item, element, copy, goTo });
  }

  private localizeRow(row: Row, n: number): void {
    row.copy.textContent = this.i18n.t('orphans.copy');
    row.goTo.textContent = this.i18n.t('orphans.goTo');
    // Several rows have the same buttons; the number tells them apart (the visible word stays first).
    row.copy.setAttribute('aria-label', this.i18n.t('orphans.copyLabel', { n }));
    row.goTo.setAttribute('aria-label', this.i18n.t('orphans.goToLabel', { n }));
  }

  /** "Ir al lugar" only where the block still exists (a moved copy keeps the uid). */
  private refreshPlaces(): void {
    for (const row of this.rows.values()) row.goTo.hidden = row.item.uid === null || !this.actions.canGoTo(row.item.uid);
  }

  private refreshBanner(): void {
    const count = this.inbox.current.length;
    this.banner.hidden = count === 0 || this.element.open;
    this.bannerText.textContent = count === 1 ? this.i18n.t('orphans.banner.one') : this.i18n.t('orphans.banner.many', { count });
  }

  private async copy(text: string): Promise<void> {
    const copied = await copyText(text);
    this.actions.say(this.i18n.t(copied ? 'orphans.copied' : 'orphans.copyFailed'));
  }

  private goTo(item: OrphanedItem): void {
    if (item.uid === null) return;
    // The editor takes the focus; returning it to where it was before the dialog would undo that.
    this.returnFocus = null;
    this.close();
    if (!this.actions.goTo(item.uid)) {
      this.actions.say(this.i18n.t('orphans.placeGone'));
      this.refreshPlaces();
    }
  }
}
