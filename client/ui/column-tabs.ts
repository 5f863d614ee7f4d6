/**
 * On a phone the three columns (outline, document, margin) become tabs. On a wide screen the tab
 * list is hidden and all columns show; the tab roles are only applied while the tabs are in use,
 * so wide-screen users meet plain landmarks.
 */
import type { MessageKey } from '../../shared/i18n/index.ts';
import { el } from './element.ts';
import type { Localizer } from './i18n.ts';

export type ColumnId = 'outline' | 'document' | 'margin';

interface Column {
  id: ColumnId;
  label: MessageKey;
  panel: HTMLElement;
  tab: HTMLButtonElement;
}

export const NARROW_QUERY = '(max-width: 760px)';

export class ColumnTabs {
  readonly element: HTMLElement;
  private readonly columns: Column[];
  private active: ColumnId = 'document';
  private readonly narrow: MediaQueryList;

  constructor(
    private readonly i18n: Localizer,
    private readonly layout: HTMLElement,
    panels: Record<ColumnId, HTMLElement>,
  ) {
    const order: Array<[ColumnId, MessageKey]> = [
      ['outline', 'layout.tab.outline'],
      ['document', 'layout.tab.document'],
      ['margin', 'layout.tab.margin'],
    ];
    this.columns = order.map(([id, label]) => {
      const tab = el('button', { type: 'button', role: 'tab', id: `tab-${id}`, 'aria-controls': panels[id].id, 'data-testid': `tab-${id}` });
      tab.addEventListener('click', () => this.select(id, true));
      return { id, label, panel: panels[id], tab };
    });
    this.element = el('div', { class: 'column-tabs', role: 'tablist' }, ...this.columns.map((c) => c.tab));
    this.element.addEventListener('keydown', (event) => this.onKeyDown(event));
    this.narrow = window.matchMedia(NARROW_QUERY);
    this.narrow.addEventListener('change', () => this.apply());
    this.localize();
    this.apply();
  }

  /** Shows a column (on a phone); harmless on a wide screen. */
  select(id: ColumnId, focusTab = false): void {
    this.active = id;
    this.apply();
    if (focusTab) this.columns.find((c) => c.id === id)?.tab.focus();
  }

  get isNarrow(): boolean {
    return this.narrow.matches;
  }

  localize(): void {
    this.element.setAttribute('aria-label', this.i18n.t('layout.tabs'));
    for (const column of this.columns) column.tab.textContent = this.i18n.t(column.label);
  }

  private apply(): void {
    const narrow = this.narrow.matches;
    this.layout.dataset.activeColumn = this.active;
    for (const column of this.columns) {
      const selected = column.id === this.active;
      column.tab.setAttribute('aria-selected', String(selected));
      column.tab.tabIndex = selected ? 0 : -1;
      if (narrow) {
        column.panel.setAttribute('role', 'tabpanel');
        column.panel.setAttribute('aria-labelledby', column.tab.id);
      } else {
        column.panel.removeAttribute('role');
        column.panel.removeAttribute('aria-labelledby');
      }
    }
  }

  private onKeyDown(event: KeyboardEvent): void {
    const index = this.columns.findIndex((c) => c.tab === event.target);
    if (index < 0) return;
    let next: number;
    if (event.key === 'ArrowRight') next = (index + 1) % this.columns.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + this.columns.length) % this.columns.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = this.columns.length - 1;
    else return;
    event.preventDefault();
    const column = this.columns[next];
    if (column) this.select(column.id, true);
  }
}
