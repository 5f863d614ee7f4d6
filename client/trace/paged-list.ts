/**
 * A list that grows a page at a time: the entries held so far, how many there are in all, and a
 * "show more" button that says how many remain. The new entries are appended in place and the
 * focus moves to the first of them, so a keyboard or screen-reader user reads on from where the
 * list grew instead of being thrown back to the top of the page. The entries are held here, so the
 * page can draw the list again (a language change) with everything already read.
 */
import { formatNumber } from '../provenance/source-labels.ts';
import { el } from '../ui/element.ts';
import type { Localizer } from '../ui/i18n.ts';
import { errorText } from './error-text.ts';

export interface Page<T> {
  items: T[];
  total: number;
  next: string | null;
}

export interface PagedListView<T> {
  /** The list element to fill (a `ul` or a `tbody`). */
  list: HTMLElement;
  /** One entry's element (an `li` or a `tr`). */
  item: (entry: T) => HTMLElement;
  /** Told after a page was added (to update a caption). */
  onGrow?: () => void;
  testId?: string;
  /** Ids of what says which list the button grows (several lists may share a page). */
  describedBy?: string;
}

export class PagedList<T> {
  items: T[];
  total: number;
  next: string | null;

  constructor(
    first: Page<T>,
    private readonly more: (after: string) => Promise<Page<T>>,
  ) {
    this.items = [...first.items];
    this.total = first.total;
    this.next = first.next;
  }

  /** Fills `view.list` and answers the controls to put after it (the button and its message). */
  render(i18n: Localizer, view: PagedListView<T>): HTMLElement {
    view.list.replaceChildren(...this.items.map(view.item));
    const button = el('button', { type: 'button', class: 'button more-button', 'data-testid': view.testId ?? null, 'aria-describedby': view.describedBy ?? null });
    const message = el('p', { class: 'dialog-error', role: 'alert', hidden: true });
    const update = (): void => {
      button.hidden = this.next === null;
      button.textContent = i18n.t('trace.more', { count: formatNumber(i18n, Math.max(0, this.total - this.items.length)) });
    };
    button.addEventListener('click', () => {
      const after = this.next;
      if (after === null || button.disabled) return;
      button.disabled = true;
      button.setAttribute('aria-busy', 'true');
      void this.more(after)
        .then((page) => {
          message.hidden = true;
          this.items.push(...page.items);
          this.total = page.total;
          this.next = page.next;
          const added = page.items.map(view.item);
          view.list.append(...added);
          view.onGrow?.();
          update();
          focusEntry(added[0] ?? null);
        })
        .catch((error: unknown) => {
          message.textContent = errorText(i18n, error);
          message.hidden = false;
        })
        .finally(() => {
          button.disabled = false;
          button.removeAttribute('aria-busy');
        });
    });
    update();
    return el('div', { class: 'more-controls' }, button, message);
  }
}

/** Focuses an entry that was just added: its first link, else the entry itself. */
export function focusEntry(entry: HTMLElement | null): void {
  if (!entry) return;
  const target = entry.querySelector<HTMLElement>('a[href], button') ?? entry;
  if (target === entry && !entry.hasAttribute('tabindex')) entry.setAttribute('tabindex', '-1');
  target.focus();
}
