/**
 * A question before something that is hard to take back (deleting a large part of the document,
 * an undo that would delete other people's words). A modal alert dialog: the title names the
 * consequence, the description says it in full (with the words at stake quoted, when there are
 * some), and "Cancelar" has the focus, so Enter, Escape or a click outside all leave everything as
 * it was. Only the explicit second button goes ahead.
 */
import { el } from './element.ts';

export interface ConfirmQuestion {
  title: string;
  body: string;
  /** Text quoted under the description (someone's words), or null. */
  quote: string | null;
  proceed: string;
  cancel: string;
}

export class ConfirmDialog {
  readonly element: HTMLDialogElement;
  private readonly title: HTMLElement;
  private readonly body: HTMLElement;
  private readonly quote: HTMLElement;
  private readonly cancelButton: HTMLButtonElement;
  private readonly proceedButton: HTMLButtonElement;
  private answer: ((go: boolean) => void) | null = null;
  private returnFocus: HTMLElement | null = null;

  constructor() {
    this.title = el('h2', { id: 'confirm-title' });
    this.body = el('p', { id: 'confirm-description' });
    this.quote = el('blockquote', { class: 'confirm-quote', lang: 'es', 'data-testid': 'confirm-quote', hidden: true });
    this.cancelButton = el('button', { type: 'button', class: 'button button-primary', 'data-testid': 'confirm-cancel' });
    this.proceedButton = el('button', { type: 'button', class: 'button button-danger', 'data-testid': 'confirm-proceed' });
    this.element = el(
      'dialog',
      {
        class: 'confirm-dialog',
        role: 'alertdialog',
        'aria-modal': 'true',
        'aria-labelledby': 'confirm-title',
        'aria-describedby': 'confirm-description',
        'data-testid': 'confirm-dialog',
      },
      this.title,
      this.body,
      this.quote,
      // The safe choice first, in reading and tab order.
      el('div', { class: 'dialog-actions' }, this.cancelButton, this.proceedButton),
    );
    this.cancelButton.addEventListener('click', () => this.finish(false));
    this.proceedButton.addEventListener('click', () => this.finish(true));
    // Escape (the dialog's cancel event) and any other way of closing count as "no".
    this.element.addEventListener('cancel', (event) => {
      event.preventDefault();
      this.finish(false);
    });
    this.element.addEventListener('close', () => this.finish(false));
    // A click on the backdrop targets the dialog element too, but so does one on its own padding:
    // only a click outside the box counts as "no".
    this.element.addEventListener('click', (event) => {
      if (event.target !== this.element) return;
      const box = this.element.getBoundingClientRect();
      const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
      if (!inside) this.finish(false);
    });
  }

  get isOpen(): boolean {
    return this.element.open;
  }

  /** Asks; resolves true only when the person chose to go ahead. A second question while one is open is answered "no". */
  ask(question: ConfirmQuestion): Promise<boolean> {
    if (this.answer !== null) return Promise.resolve(false);
    this.title.textContent = question.title;
    this.body.textContent = question.body;
    this.quote.textContent = question.quote ?? '';
    this.quote.hidden = question.quote === null;
    this.cancelButton.textContent = question.cancel;
    this.proceedButton.textContent = question.proceed;
    this.returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    return new Promise<boolean>((resolve) => {
      this.answer = resolve;
      this.element.showModal();
      this.cancelButton.focus();
    });
  }

  private finish(go: boolean): void {
    const answer = this.answer;
    if (answer === null) return;
    this.answer = null;
    if (this.element.open) this.element.close();
    this.returnFocus?.focus({ preventScroll: true });
    this.returnFocus = null;
    answer(go);
  }
}
