/**
 * The right-hand margin, for what belongs beside the passage: the comments and the provenance of
 * the article where the caret is. Without panels it says what will appear there.
 */
import { el } from './element.ts';
import type { Localizer } from './i18n.ts';

export class DocumentMargin {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly text: HTMLElement;

  constructor(
    private readonly i18n: Localizer,
    ...panels: HTMLElement[]
  ) {
    this.title = el('h2', { class: 'column-title', id: 'margin-title' });
    this.text = el('p', { class: 'muted', hidden: panels.length > 0 });
    this.element = el('aside', { class: 'margin column', id: 'margin', 'aria-labelledby': 'margin-title', 'data-testid': 'margin' }, this.title, this.text, ...panels);
    this.localize();
  }

  localize(): void {
    this.title.textContent = this.i18n.t('margin.title');
    this.text.textContent = this.i18n.t('margin.empty');
  }
}
