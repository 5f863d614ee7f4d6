/**
 * The outline: títulos, capítulos, artículos and transitory articles with their live numbers, as a
 * navigation landmark of nested lists of links. Activating an entry (click, Enter) moves the
 * editor there. Arrow keys, Home and End move between entries; only one entry is a tab stop, so
 * the outline costs one Tab, not one per article.
 *
 * When only the text of headings changed, the links are updated in place; the lists are rebuilt
 * only when the structure changed.
 */
import type { OutlineEntry } from '../../shared/schema/outline.ts';
import { el } from './element.ts';
import type { Localizer } from './i18n.ts';

interface RenderedEntry {
  entry: OutlineEntry;
  link: HTMLAnchorElement;
  label: HTMLElement;
  heading: HTMLElement;
}

export class OutlineSidebar {
  readonly element: HTMLElement;
  private readonly titleElement: HTMLElement;
  private readonly body: HTMLElement;
  private readonly byUid = new Map<string, RenderedEntry>();
  private order: RenderedEntry[] = [];
  private structure = '';
  private activeUid: string | null = null;
  private tabStopUid: string | null = null;
  private loaded = false;

  constructor(
    private readonly i18n: Localizer,
    private readonly onActivate: (uid: string) => void,
  ) {
    this.titleElement = el('h2', { class: 'column-title', id: 'outline-title' });
    this.body = el('div', { class: 'outline-body' });
    this.element = el(
      'nav',
      { class: 'outline column', id: 'outline', 'data-testid': 'outline', 'aria-labelledby': 'outline-title', tabindex: '-1' },
      this.titleElement,
      this.body,
    );
    this.element.addEventListener('keydown', (event) => this.onKeyDown(event));
    this.element.addEventListener('click', (event) => this.onClick(event));
    this.element.addEventListener('focusin', (event) => {
      const link = (event.target as HTMLElement).closest<HTMLAnchorElement>('a[data-uid]');
      if (link?.dataset.uid) this.setTabStop(link.dataset.uid);
    });
    this.localize();
  }

  /** Shows the outline of the current document. */
  render(entries: readonly OutlineEntry[]): void {
    this.loaded = true;
    const structure = entries.map((e) => `${e.uid}:${e.level}:${e.kind}`).join('|');
    if (structure === this.structure && entries.length === this.order.length) {
      entries.forEach((entry, i) => {
        const rendered = this.order[i];
        if (rendered) this.fill(rendered, entry);
      });
      return;
    }
    this.structure = structure;
    this.rebuild(entries);
  }

  /** Puts keyboard focus on the outline's tab stop (the current entry, or the first). */
  focus(): void {
    const stop = this.tabStopUid === null ? undefined : this.byUid.get(this.tabStopUid);
    if (stop) stop.link.focus();
    else this.element.focus();
  }

  /** Marks the entry the cursor is in. */
  setActive(uid: string | null): void {
    if (uid === this.activeUid) return;
    const previous = this.activeUid === null ? undefined : this.byUid.get(this.activeUid);
    previous?.link.removeAttribute('aria-current');
    this.activeUid = uid;
    const current = uid === null ? undefined : this.byUid.get(uid);
    if (!current) return;
    current.link.setAttribute('aria-current', 'location');
    if (!this.element.contains(document.activeElement)) {
      this.setTabStop(current.entry.uid);
      this.keepVisible(current.link);
    }
  }

  localize(): void {
    this.titleElement.textContent = this.i18n.t('outline.title');
    for (const rendered of this.order) this.fill(rendered, rendered.entry);
    if (this.order.length === 0) this.showEmpty();
  }

  private rebuild(entries: readonly OutlineEntry[]): void {
    const focusedUid = this.element.contains(document.activeElement) ? ((document.activeElement as HTMLElement).dataset.uid ?? null) : null;
    this.byUid.clear();
    this.order = [];
    const root = el('ul', { class: 'outline-list', role: 'list' });
    const stack: Array<{ level: number; item: HTMLLIElement | null; list: HTMLUListElement | null }> = [{ level: -1, item: null, list: root }];
    for (const entry of entries) {
      while (stack.length > 1 && (stack[stack.length - 1]?.level ?? -1) >= entry.level) stack.pop();
      const parent = stack[stack.length - 1];
      if (!parent) continue;
      if (!parent.list) {
        parent.list = el('ul', { role: 'list' });
        parent.item?.append(parent.list);
      }
      const label = el('span', { class: 'outline-label' });
      const heading = el('span', { class: 'outline-heading' });
      // The space keeps "Artículo 5." and its heading apart for screen readers and copy-paste.
      const link = el('a', { href: `#${entry.eId}`, 'data-uid': entry.uid, tabindex: '-1' }, label, ' ', heading);
      const item = el('li', { class: `outline-item outline-${entry.kind}`, 'data-level': entry.level }, link);
      parent.list.append(item);
      const rendered: RenderedEntry = { entry, link, label, heading };
      this.fill(rendered, entry);
      this.byUid.set(entry.uid, rendered);
      this.order.push(rendered);
      stack.push({ level: entry.level, item, list: null });
    }
    if (entries.length === 0) {
      this.showEmpty();
      return;
    }
    this.body.replaceChildren(root);
    const stop = [focusedUid, this.tabStopUid, this.activeUid].find((uid) => uid !== null && this.byUid.has(uid)) ?? this.order[0]?.entry.uid ?? null;
    if (stop !== null) this.setTabStop(stop);
    if (this.activeUid !== null) this.byUid.get(this.activeUid)?.link.setAttribute('aria-current', 'location');
    if (focusedUid !== null) this.byUid.get(focusedUid)?.link.focus({ preventScroll: true });
  }

  private fill(rendered: RenderedEntry, entry: OutlineEntry): void {
    rendered.entry = entry;
    rendered.link.href = `#${entry.eId}`;
    const heading = entry.kind === 'preambulo' ? this.i18n.t('outline.preamble') : entry.heading.trim() || this.i18n.t('outline.untitled');
    if (rendered.label.textContent !== entry.label) rendered.label.textContent = entry.label;
    if (rendered.heading.textContent !== heading) rendered.heading.textContent = heading;
  }

  private showEmpty(): void {
    this.body.replaceChildren(el('p', { class: 'muted' }, this.i18n.t(this.loaded ? 'outline.empty' : 'outline.loading')));
  }

  private setTabStop(uid: string): void {
    if (this.tabStopUid === uid && this.byUid.get(uid)?.link.tabIndex === 0) return;
    const previous = this.tabStopUid === null ? undefined : this.byUid.get(this.tabStopUid);
    if (previous) previous.link.tabIndex = -1;
    this.tabStopUid = uid;
    const next = this.byUid.get(uid);
    if (next) next.link.tabIndex = 0;
  }

  private onClick(event: MouseEvent): void {
    const link = (event.target as HTMLElement).closest<HTMLAnchorElement>('a[data-uid]');
    if (!link?.dataset.uid) return;
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    this.onActivate(link.dataset.uid);
  }

  private onKeyDown(event: KeyboardEvent): void {
    const current = (event.target as HTMLElement).closest<HTMLAnchorElement>('a[data-uid]');
    if (!current) return;
    const index = this.order.findIndex((r) => r.link === current);
    let target: RenderedEntry | undefined;
    switch (event.key) {
      case 'ArrowDown':
        target = this.order[index + 1];
        break;
      case 'ArrowUp':
        target = this.order[index - 1];
        break;
      case 'Home':
        target = this.order[0];
        break;
      case 'End':
        target = this.order[this.order.length - 1];
        break;
      default:
        return;
    }
    event.preventDefault();
    if (!target) return;
    this.setTabStop(target.entry.uid);
    target.link.focus();
  }

  /** Scrolls the outline (only the outline) so that `link` is visible. */
  private keepVisible(link: HTMLElement): void {
    const box = this.element.getBoundingClientRect();
    const item = link.getBoundingClientRect();
    if (box.height === 0) return;
    if (item.top < box.top + 40) this.element.scrollTop -= box.top + 40 - item.top;
    else if (item.bottom > box.bottom - 16) this.element.scrollTop += item.bottom - box.bottom + 16;
  }
}
