/**
 * Status messages for screen readers: two visually hidden live regions, polite for routine news
 * (an article moved, the connection came back) and assertive for what needs attention now (the
 * server stopped accepting this client's changes).
 */
import { el } from './element.ts';

export class StatusAnnouncer {
  readonly element: HTMLElement;
  private readonly polite: HTMLElement;
  private readonly assertive: HTMLElement;

  constructor() {
    this.polite = el('div', { role: 'status', 'aria-live': 'polite', 'data-testid': 'status-message' });
    this.assertive = el('div', { role: 'alert', 'aria-live': 'assertive' });
    this.element = el('div', { class: 'visually-hidden' }, this.polite, this.assertive);
  }

  announce(message: string, urgent = false): void {
    const region = urgent ? this.assertive : this.polite;
    // Clearing first makes a repeated message be announced again.
    region.textContent = '';
    window.setTimeout(() => {
      region.textContent = message;
    }, 50);
  }
}
