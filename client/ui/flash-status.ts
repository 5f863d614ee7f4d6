/**
 * A short visible message under the header that is also announced politely: why an action did
 * nothing (someone else is writing there), or that a text was copied. The hidden announcer alone
 * would leave sighted people wondering why a button had no effect.
 */
import { el } from './element.ts';

const SHOW_FOR_MS = 8000;

export class FlashStatus {
  readonly element: HTMLElement;
  private timer: number | null = null;

  constructor() {
    this.element = el('div', { class: 'flash-status', role: 'status', 'aria-live': 'polite', 'data-testid': 'flash-status', hidden: true });
  }

  show(message: string): void {
    if (this.timer !== null) window.clearTimeout(this.timer);
    // Clearing first makes a repeated message be announced again.
    this.element.textContent = '';
    this.element.hidden = false;
    window.setTimeout(() => {
      this.element.textContent = message;
    }, 50);
    this.timer = window.setTimeout(() => {
      this.timer = null;
      this.element.hidden = true;
      this.element.textContent = '';
    }, SHOW_FOR_MS);
  }
}
