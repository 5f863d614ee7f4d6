/**
 * A modal <dialog> with a heading: opening it remembers where the focus was and puts it on the
 * element the caller names; Escape (the dialog's own cancel), a Close button or a click outside the
 * box close it, and the focus goes back where it was.
 */
import { el, type Child } from './element.ts';

export class ModalDialog {
  readonly element: HTMLDialogElement;
  readonly heading: HTMLHeadingElement;
  private returnFocus: HTMLElement | null = null;

  constructor(id: string, testId: string, ...content: Child[]) {
    this.heading = el('h2', { id: `${id}-title` });
    this.element = el('dialog', { class: 'account-dialog', id, 'aria-labelledby': `${id}-title`, 'data-testid': testId }, this.heading, ...content);
    this.element.addEventListener('close', () => {
      this.returnFocus?.focus({ preventScroll: true });
      this.returnFocus = null;
    });
    // A click on the backdrop targets the dialog itself, as does one on its padding: only outside the box closes.
    this.element.addEventListener('click', (event) => {
      if (event.target !== this.element) return;
      const box = this.element.getBoundingClientRect();
      const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
      if (!inside) this.close();
    });
  }

  get isOpen(): boolean {
    return this.element.open;
  }

  open(focus: HTMLElement, returnTo: HTMLElement | null = null): void {
    if (this.element.open) return;
    this.returnFocus = returnTo ?? (document.activeElement instanceof HTMLElement ? document.activeElement : null);
    this.element.showModal();
    focus.focus();
  }

  close(): void {
    if (this.element.open) this.element.close();
  }
}
