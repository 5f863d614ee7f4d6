/**
 * The "Vincular a fuente" dialog: search the sources (a combobox with its list of results, walked
 * with the arrow keys), choose the relation, write the rationale, and create the link. A modal
 * <dialog>: Escape closes it (also from the search field, whose native Escape would only clear it)
 * and the focus goes back where it was. What the person typed is kept
 * when the server refuses, and also after closing without linking, until a link is made.
 */
import { LINK_RELATIONS, type LinkRelation, type ResolvedLink } from '../../shared/provenance/link-types.ts';
import type { Threshold } from '../../shared/provenance/source-types.ts';
import { ApiError } from '../session/api-client.ts';
import { el } from '../ui/element.ts';
import type { Localizer } from '../ui/i18n.ts';
import type { ProvenanceApi, RankedSource } from './provenance-api.ts';
import type { LinkTarget } from './selection-passage.ts';
import { RELATION_LABEL, sourceFacts } from './source-labels.ts';

export type OkTarget = Extract<LinkTarget, { ok: true }>;

export interface LinkDialogHooks {
  api: ProvenanceApi;
  docId: string;
  /** The target read again from the editor's selection (after the passage changed under it). */
  retarget: () => LinkTarget;
  /** "Artículo 13" for an article uid, in the current language. */
  articleLabel: (uid: string) => string;
  created: (link: ResolvedLink, sourceTitle: string) => void;
}

const SEARCH_DELAY_MS = 250;
const RESULTS = 20;

export class LinkDialog {
  readonly element: HTMLDialogElement;
  private readonly title = el('h2', { id: 'link-title' });
  private readonly targetText = el('p', { class: 'link-target', id: 'link-target' });
  private readonly quote = el('blockquote', { class: 'link-quote', lang: 'es', 'data-testid': 'link-quote' });
  private readonly searchLabel = el('label', { for: 'link-search' });
  private readonly searchHint = el('p', { class: 'field-hint', id: 'link-search-hint' });
  private readonly search: HTMLInputElement;
  private readonly results: HTMLUListElement;
  private readonly resultsStatus = el('p', { class: 'field-hint', role: 'status', 'aria-live': 'polite', 'data-testid': 'link-results-status' });
  private readonly chosenText = el('p', { class: 'link-chosen', 'data-testid': 'link-chosen' });
  private readonly relationLegend = el('legend', {});
  private readonly relationLabels = new Map<LinkRelation, HTMLElement>();
  private readonly relationInputs = new Map<LinkRelation, HTMLInputElement>();
  private readonly rationaleLabel = el('label', { for: 'link-rationale' });
  private readonly rationaleHint = el('p', { class: 'field-hint', id: 'link-rationale-hint' });
  private readonly rationale: HTMLTextAreaElement;
  private readonly error = el('p', { class: 'dialog-error', role: 'alert', 'data-testid': 'link-error', hidden: true });
  private readonly submitButton = el('button', { type: 'submit', class: 'button button-primary', 'data-testid': 'link-submit' });
  private readonly cancelButton = el('button', { type: 'button', class: 'button', 'data-testid': 'link-cancel' });

  private target: OkTarget | null = null;
  private found: RankedSource[] = [];
  private active = -1;
  private chosen: RankedSource | null = null;
  private thresholds: Threshold[] = [];
  private searchTimer: number | null = null;
  private searchSeq = 0;
  private busy = false;
  private returnFocus: HTMLElement | null = null;
  private lastError: { key: 'link.error.noSource' | 'link.error.noRationale' } | { apiError: ApiError } | null = null;

  constructor(
    private readonly i18n: Localizer,
    private readonly hooks: LinkDialogHooks,
  ) {
    this.search = el('input', {
      id: 'link-search',
      type: 'search',
      class: 'text-input',
      role: 'combobox',
      autocomplete: 'off',
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': 'link-results',
      'aria-describedby': 'link-search-hint',
      'data-testid': 'link-search',
    });
    this.results = el('ul', { id: 'link-results', class: 'link-results', role: 'listbox', 'data-testid': 'link-results' });
    this.rationale = el('textarea', {
      id: 'link-rationale',
      class: 'text-input',
      rows: 3,
      required: true,
      'aria-required': 'true',
      'aria-describedby': 'link-rationale-hint',
      maxlength: 5000,
      'data-testid': 'link-rationale',
    });
    const relations = el(
      'fieldset',
      { class: 'link-relations', 'data-testid': 'link-relations' },
      this.relationLegend,
      ...LINK_RELATIONS.map((relation) => {
        const input = el('input', { type: 'radio', name: 'link-relation', value: relation, id: `link-relation-${relation}`, checked: relation === 'incorporates' });
        const label = el('span', {});
        this.relationInputs.set(relation, input);
        this.relationLabels.set(relation, label);
        return el('label', { class: 'radio', for: `link-relation-${relation}` }, input, label);
      }),
    );
    const form = el(
      'form',
      { class: 'link-form', novalidate: true },
      this.targetText,
      this.quote,
      el('div', { class: 'field' }, this.searchLabel, this.searchHint, this.search, this.resultsStatus, this.results),
      this.chosenText,
      relations,
      el('div', { class: 'field' }, this.rationaleLabel, this.rationaleHint, this.rationale),
      this.error,
      el('div', { class: 'dialog-actions' }, this.cancelButton, this.submitButton),
    );
    this.element = el(
      'dialog',
      { class: 'link-dialog', 'aria-labelledby': 'link-title', 'aria-describedby': 'link-target', 'data-testid': 'link-dialog' },
      this.title,
      form,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
    this.cancelButton.addEventListener('click', () => this.close());
    this.element.addEventListener('close', () => {
      this.returnFocus?.focus({ preventScroll: true });
      this.returnFocus = null;
    });
    this.search.addEventListener('input', () => this.scheduleSearch());
    this.search.addEventListener('keydown', (event) => this.onSearchKey(event));
    this.localize();
  }

  get isOpen(): boolean {
    return this.element.open;
  }

  /** Opens the dialog for this target; the search field gets the focus. */
  open(target: OkTarget): void {
    if (this.element.open) return;
    this.target = target;
    this.returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.showTarget();
    this.showError(null);
    this.element.showModal();
    this.search.focus();
    if (this.found.length === 0) this.runSearch();
    if (this.thresholds.length === 0) {
      this.hooks.api
        .thresholds()
        .then((thresholds) => {
          this.thresholds = thresholds;
        })
        .catch((error: unknown) => console.warn('carta: thresholds not loaded (level tooltips omitted)', error));
    }
  }

  close(): void {
    if (this.element.open) this.element.close();
  }

  localize(): void {
    const t = (key: Parameters<Localizer['t']>[0], params?: Record<string, string | number>): string => this.i18n.t(key, params);
    this.title.textContent = t('link.dialog.title');
    this.searchLabel.textContent = t('link.search.label');
    this.searchHint.textContent = t('link.search.hint');
    this.results.setAttribute('aria-label', t('link.search.results'));
    this.relationLegend.textContent = t('link.relation.legend');
    for (const [relation, label] of this.relationLabels) label.textContent = t(RELATION_LABEL[relation]);
    this.rationaleLabel.textContent = t('link.rationale.label');
    this.rationaleHint.textContent = t('link.rationale.hint');
    this.cancelButton.textContent = t('link.cancel');
    this.submitButton.textContent = t(this.busy ? 'link.submitting' : 'link.submit');
    this.showTarget();
    this.showChosen();
    this.renderResults();
    this.renderError();
  }

  private showTarget(): void {
    const target = this.target;
    if (!target) return;
    const article = this.hooks.articleLabel(target.articleUid);
    this.targetText.textContent = target.passage ? this.i18n.t('link.target.passage', { article }) : this.i18n.t('link.target.article', { article });
    this.quote.textContent = target.passage?.quote ?? '';
    this.quote.hidden = target.passage === null;
  }

  private showChosen(): void {
    this.chosenText.textContent = this.chosen ? this.i18n.t('link.chosen', { title: this.chosen.title }) : this.i18n.t('link.chosen.none');
  }

  private scheduleSearch(): void {
    if (this.searchTimer !== null) window.clearTimeout(this.searchTimer);
    this.searchTimer = window.setTimeout(() => {
      this.searchTimer = null;
      this.runSearch();
    }, SEARCH_DELAY_MS);
  }

  private runSearch(): void {
    const seq = ++this.searchSeq;
    this.resultsStatus.textContent = this.i18n.t('link.search.loading');
    this.hooks.api
      .searchSources({ q: this.search.value.trim(), limit: RESULTS })
      .then((page) => {
        // An older answer arriving after a newer one must not replace it.
        if (seq !== this.searchSeq) return;
        this.found = page.sources;
        this.active = -1;
        this.renderResults();
        this.resultsStatus.textContent =
          page.sources.length === 0 ? this.i18n.t('link.search.none') : this.i18n.t('link.search.count', { shown: page.sources.length, total: page.total });
      })
      .catch((error: unknown) => {
        if (seq !== this.searchSeq) return;
        this.resultsStatus.textContent = this.i18n.t('link.search.error', { message: error instanceof Error ? error.message : String(error) });
      });
  }

  private renderResults(): void {
    this.results.replaceChildren(
      ...this.found.map((source, index) => {
        const option = el(
          'li',
          {
            id: `link-option-${index}`,
            role: 'option',
            class: 'link-option',
            'aria-selected': String(this.chosen?.id === source.id),
            'data-active': String(index === this.active),
            'data-source-id': source.id,
          },
          el('span', { class: 'link-option-title' }, source.title),
          sourceFacts(this.i18n, source, source.level, this.thresholds),
        );
        // Keep the focus in the search field: the list is driven from there.
        option.addEventListener('mousedown', (event) => event.preventDefault());
        option.addEventListener('click', () => this.choose(index));
        return option;
      }),
    );
    this.search.setAttribute('aria-expanded', String(this.found.length > 0));
    if (this.active >= 0) this.search.setAttribute('aria-activedescendant', `link-option-${this.active}`);
    else this.search.removeAttribute('aria-activedescendant');
  }

  private onSearchKey(event: KeyboardEvent): void {
    if (event.key === 'Escape' && !event.isComposing) {
      // A search input's own Escape clears the field and keeps the dialog open; one Escape must
      // close the dialog, as everywhere else in it. The field keeps its text for the next time.
      event.preventDefault();
      this.close();
      return;
    }
    if (this.found.length === 0) return;
    let next = this.active;
    if (event.key === 'ArrowDown') next = Math.min(this.found.length - 1, this.active + 1);
    else if (event.key === 'ArrowUp') next = Math.max(0, this.active - 1);
    else if (event.key === 'Home' && event.ctrlKey) next = 0;
    else if (event.key === 'End' && event.ctrlKey) next = this.found.length - 1;
    else if (event.key === 'Enter') {
      // Enter in the search field chooses the active result instead of sending the form.
      event.preventDefault();
      if (this.active >= 0) this.choose(this.active);
      return;
    } else return;
    event.preventDefault();
    this.active = next;
    this.renderResults();
    this.results.querySelector(`#link-option-${next}`)?.scrollIntoView({ block: 'nearest' });
  }

  private choose(index: number): void {
    const source = this.found[index];
    if (!source) return;
    this.chosen = source;
    this.active = index;
    this.renderResults();
    this.showChosen();
    if (this.lastError && 'key' in this.lastError && this.lastError.key === 'link.error.noSource') this.showError(null);
  }

  private relation(): LinkRelation {
    for (const [relation, input] of this.relationInputs) if (input.checked) return relation;
    return 'incorporates';
  }

  private showError(error: LinkDialog['lastError']): void {
    this.lastError = error;
    this.renderError();
  }

  private renderError(): void {
    const error = this.lastError;
    this.error.hidden = error === null;
    if (!error) {
      this.error.textContent = '';
      return;
    }
    if ('key' in error) {
      this.error.textContent = this.i18n.t(error.key);
      return;
    }
    const { id, status, message } = error.apiError;
    if (id === 'forbidden') this.error.textContent = this.i18n.t('link.error.forbidden');
    else if (id === 'anchor-mismatch') this.error.textContent = this.i18n.t('link.error.anchor-mismatch');
    else if (id === 'duplicate-link') this.error.textContent = this.i18n.t('link.error.duplicate-link');
    else if (id === 'not-found') this.error.textContent = this.i18n.t('link.error.not-found', { message });
    else if (id === 'unauthenticated') this.error.textContent = this.i18n.t('link.error.unauthenticated');
    else if (id === 'network') this.error.textContent = this.i18n.t('link.error.network');
    else this.error.textContent = this.i18n.t('link.error.other', { status, message });
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.submitButton.setAttribute('aria-disabled', String(busy));
    this.submitButton.textContent = this.i18n.t(busy ? 'link.submitting' : 'link.submit');
  }

  private async submit(): Promise<void> {
    if (this.busy || !this.target) return;
    const source = this.chosen;
    if (!source) {
      this.showError({ key: 'link.error.noSource' });
      this.search.focus();
      return;
    }
    const rationale = this.rationale.value.trim();
    if (rationale === '') {
      this.showError({ key: 'link.error.noRationale' });
      this.rationale.focus();
      return;
    }
    const target = this.target;
    this.setBusy(true);
    try {
      const link = await this.hooks.api.createLink(this.hooks.docId, {
        articleUid: target.articleUid,
        sourceId: source.id,
        relation: this.relation(),
        rationale,
        ...(target.passage ? { passage: target.passage } : {}),
      });
      // Linked: the next link starts from a clean form.
      this.chosen = null;
      this.rationale.value = '';
      this.showChosen();
      this.showError(null);
      this.close();
      this.hooks.created(link, source.title);
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError('network', 0, String(error));
      if (apiError.id === 'anchor-mismatch') {
        // The text moved under the selection: take the passage again from where the selection is now.
        const again = this.hooks.retarget();
        if (again.ok) {
          this.target = again;
          this.showTarget();
        }
      }
      this.showError({ apiError });
    } finally {
      this.setBusy(false);
    }
  }
}
