/**
 * The text that is no longer in the document: what the server handed back because it could not be
 * placed (someone moved or changed the block while this person typed in it, or while they were
 * offline), and other people's text this person's undo removed.
 *
 * Such text usually arrives while the person is typing, one keystroke's worth at a time, so nothing
 * here ever takes the focus or covers the text on its own: a banner under the header says politely
 * (a live region) how many texts there are, and the list opens only when the person chooses "Ver".
 * The list is a non-modal panel: the person can keep writing with it open, copy a text, or jump to
 * the block ("Ir al lugar") when it still exists elsewhere (the moved copy). Closing the list keeps
 * the text; only "Descartar" throws it away, so nothing is lost silently.
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
  text: HTMLElement;
  source: HTMLElement;
  copy: HTMLButtonElement;
  goTo: HTMLButtonElement;
}

/** How long the banner is on screen before its text is set, so that screen readers announce it. */
const ANNOUNCE_DELAY_MS = 50;

export class OrphanedTextDialog {
  readonly element: HTMLDialogElement;
  /** Shown while there is text left; goes in the page's banner area. */
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
  private announceTimer: number | null = null;

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
    // A non-modal dialog gets no Escape handling from the browser.
    this.element.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      this.close();
    });
    this.element.addEventListener('close', () => {
      this.returnFocus?.focus({ preventScroll: true });
      this.returnFocus = null;
    });

    this.bannerText = el('span', { class: 'banner-text', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', 'data-testid': 'orphan-banner-text' });
    this.reopen = el('button', { type: 'button', class: 'button', 'data-testid': 'orphan-reopen', 'aria-haspopup': 'dialog' });
    this.reopen.addEventListener('click', () => this.open());
    this.discard = el('button', { type: 'button', class: 'button', 'data-testid': 'orphan-discard' });
    this.discard.addEventListener('click', () => this.inbox.dismiss());
    this.banner = el('div', { class: 'banner banner-warning', 'data-testid': 'orphan-banner', hidden: true }, this.bannerText, this.reopen, this.discard);

    // New text only updates the banner and the list; it never opens anything or moves the focus.
    inbox.subscribe(() => this.sync());
    this.sync();
  }

  get isOpen(): boolean {
    return this.element.open;
  }

  /** Opens the list (the person asked for it) and moves the focus into it. */
  open(): void {
    if (this.inbox.current.length === 0) return;
    this.refreshPlaces();
    if (!this.element.open) {
      this.returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      this.element.show();
    }
    // The first thing to do is usually to copy the first text.
    (this.rows.values().next().value?.copy ?? this.closeButton).focus();
  }

  close(): void {
    if (this.element.open) this.element.close();
  }

  localize(): void {
    const outside = this.inbox.current.some((item) => item.author !== null);
    this.title.textContent = this.i18n.t(outside ? 'orphans.title.outside' : 'orphans.title');
    this.body.textContent = this.i18n.t(outside ? 'orphans.body.outside' : 'orphans.body');
    this.copyAll.textContent = this.i18n.t('orphans.copyAll');
    this.closeButton.textContent = this.i18n.t('orphans.close');
    this.reopen.textContent = this.i18n.t('orphans.show');
    this.discard.textContent = this.i18n.t('orphans.discard');
    let n = 0;
    for (const row of this.rows.values()) this.localizeRow(row, ++n);
    this.refreshBanner();
  }

  /** Adds rows for new items, updates grown ones and removes dismissed ones, keeping focus where it was. */
  private sync(): void {
    const current = new Map(this.inbox.current.map((item) => [item.id, item]));
    for (const [id, row] of this.rows) {
      const item = current.get(id);
      if (!item) {
        row.element.remove();
        this.rows.delete(id);
      } else if (item !== row.item) {
        row.item = item;
        row.text.textContent = item.text;
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
    const source = el('p', { class: 'orphan-source', 'data-testid': 'orphan-source', hidden: item.author === null });
    const copy = el('button', { type: 'button', class: 'button', 'data-testid': 'orphan-copy', 'aria-describedby': textId });
    const row: Row = { item, element: el('li', { class: 'orphan-item' }), text, source, copy, goTo: el('button', { type: 'button', class: 'button', 'data-testid': 'orphan-go-to', 'aria-describedby': textId, hidden: true }) };
    copy.addEventListener('click', () => void this.copy(row.item.text));
    row.goTo.addEventListener('click', () => this.goTo(row.item));
    row.element.append(source, text, el('div', { class: 'orphan-actions' }, copy, row.goTo));
    this.list.append(row.element);
    this.rows.set(item.id, row);
  }

  private localizeRow(row: Row, n: number): void {
    row.copy.textContent = this.i18n.t('orphans.copy');
    row.goTo.textContent = this.i18n.t('orphans.goTo');
    if (row.item.author !== null) row.source.textContent = this.i18n.t('orphans.removedBy', { name: row.item.author });
    // Several rows have the same buttons; the number tells them apart (the visible word stays first).
    row.copy.setAttribute('aria-label', this.i18n.t('orphans.copyLabel', { n }));
    row.goTo.setAttribute('aria-label', this.i18n.t('orphans.goToLabel', { n }));
  }

  /** "Ir al lugar" only where the block still exists (a moved copy keeps the uid). */
  private refreshPlaces(): void {
    for (const row of this.rows.values()) row.goTo.hidden = row.item.uid === null || !this.actions.canGoTo(row.item.uid);
  }

  /** The banner's sentence, announced politely whenever it changes (joined keystrokes do not change it). */
  private refreshBanner(): void {
    const items = this.inbox.current;
    const count = items.length;
    const outside = items.some((item) => item.author !== null);
    const message =
      count === 0
        ? ''
        : outside
          ? this.i18n.t(count === 1 ? 'orphans.banner.outside.one' : 'orphans.banner.outside.many', { count })
          : this.i18n.t(count === 1 ? 'orphans.banner.one' : 'orphans.banner.many', { count });
    if (this.announceTimer !== null) window.clearTimeout(this.announceTimer);
    this.announceTimer = null;
    if (count === 0) {
      this.banner.hidden = true;
      this.bannerText.textContent = '';
      return;
    }
    if (this.banner.hidden) {
      // A live region that appears together with its text is often not announced: show it empty
      // first, then fill it.
      this.banner.hidden = false;
      this.announceTimer = window.setTimeout(() => {
        this.announceTimer = null;
        this.bannerText.textContent = message;
      }, ANNOUNCE_DELAY_MS);
    } else if (this.bannerText.textContent !== message) {
      this.bannerText.textContent = message;
    }
  }

  private async copy(text: string): Promise<void> {
    const copied = await copyText(text);
    this.actions.say(this.i18n.t(copied ? 'orphans.copied' : 'orphans.copyFailed'));
  }

  private goTo(item: OrphanedItem): void {
    if (item.uid === null) return;
    // The editor takes the focus; returning it to where it was before the list would undo that.
    this.returnFocus = null;
    this.close();
    if (!this.actions.goTo(item.uid)) {
      this.actions.say(this.i18n.t('orphans.placeGone'));
      this.refreshPlaces();
    }
  }
}
