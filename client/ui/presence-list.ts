/**
 * The people present, as coloured initials in the header, in the same colour as their cursor in
 * the text. One list item per remote person, with the full name as its title and as hidden text
 * for screen readers.
 */
import type { Person } from '../collab/presence.ts';
import { readableTextOn } from './contrast.ts';
import { el } from './element.ts';
import type { Localizer } from './i18n.ts';

export class PresenceList {
  readonly element: HTMLElement;
  private readonly list: HTMLUListElement;
  private rendered = '';

  constructor(private readonly i18n: Localizer) {
    this.list = el('ul', { class: 'presence-list', 'data-testid': 'presence', role: 'list' });
    this.element = el('div', { class: 'presence' }, this.list);
    this.localize();
  }

  update(people: readonly Person[]): void {
    // Awareness changes on every remote cursor move; only redraw when the people changed.
    const signature = people.map((p) => `${p.key}|${p.name}|${p.color}`).join('\n');
    if (signature === this.rendered) return;
    this.rendered = signature;
    this.list.replaceChildren(
      ...people.map((person) => {
        const item = el(
          'li',
          { class: 'person', title: person.name },
          el('span', { 'aria-hidden': 'true' }, person.initials),
          el('span', { class: 'visually-hidden' }, person.name),
        );
        item.style.backgroundColor = person.color;
        item.style.color = readableTextOn(person.color);
        return item;
      }),
    );
  }

  localize(): void {
    this.list.setAttribute('aria-label', this.i18n.t('presence.label'));
  }
}
