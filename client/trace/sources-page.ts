/**
 * `/sources`: search the citizen sources, filtered by kind and by the threshold a petition reached.
 * The search is in the address (`?q=&kind=&minLevel=`), so a result list can be shared. A level
 * that no threshold has is dropped (the page says so and the address loses it), so the filter shown
 * is always the one applied. "Show more" appends the next page and moves the focus to its first
 * result. A refused search says why in the reader's language and clears the old results.
 */
import { isSourceKind, SOURCE_KINDS, type SourceKind, type Threshold } from '../../shared/provenance/source-types.ts';
import type { ProvenanceApi, RankedSource } from '../provenance/provenance-api.ts';
import { formatNumber, KIND_LABEL, sourceFacts, sourcePath } from '../provenance/source-labels.ts';
import { el } from '../ui/element.ts';
import type { Localizer } from '../ui/i18n.ts';
import { errorText, SEARCH_MAX_CHARS } from './error-text.ts';
import { focusEntry } from './paged-list.ts';
import type { TracePage } from './trace-shell.ts';

const PAGE_SIZE = 25;
const SUMMARY_CHARS = 220;

interface Search {
  q: string;
  kind: SourceKind | null;
  minLevel: number;
}

export class SourcesPage implements TracePage {
  private search: Search;
  private sources: RankedSource[] = [];
  private total = 0;
  private next: string | null = null;
  private thresholds: Threshold[] = [];
  private error: unknown = null;
  private loading = true;
  /** A level asked for in the address that no threshold has (dropped, and said so). */
  private unknownLevel: number | null = null;
  /** Set by "show more": the index of the first result to focus once the page is drawn. */
  private focusFrom: number | null = null;
  private readonly results = el('div', { class: 'trace-results', 'data-testid': 'sources-results' });

  constructor(
    private readonly i18n: Localizer,
    private readonly api: ProvenanceApi,
    location: Location,
  ) {
    const params = new URLSearchParams(location.search);
    const kind = params.get('kind');
    const level = Number(params.get('minLevel') ?? '0');
    this.search = { q: params.get('q') ?? '', kind: isSourceKind(kind) ? kind : null, minLevel: Number.isInteger(level) && level > 0 ? level : 0 };
  }

  async load(): Promise<void> {
    this.thresholds = await this.api.thresholds().catch(() => []);
    if (this.search.minLevel > 0 && !this.thresholds.some((th) => th.level === this.search.minLevel)) {
      this.unknownLevel = this.search.minLevel;
      this.search = { ...this.search, minLevel: 0 };
      this.writeAddress();
    }
    await this.fetch(false);
  }

  title(): string {
    return this.i18n.t('sources.title');
  }

  render(main: HTMLElement): void {
    const t = this.i18n.t.bind(this.i18n);
    const q = el('input', { type: 'search', id: 'sources-q', class: 'text-input', value: this.search.q, maxlength: SEARCH_MAX_CHARS, 'data-testid': 'sources-q' });
    const kind = el(
      'select',
      { id: 'sources-kind', class: 'text-input', 'data-testid': 'sources-kind' },
      el('option', { value: '' }, t('sources.kind.all')),
      ...SOURCE_KINDS.map((k) => el('option', { value: k, selected: this.search.kind === k }, t(KIND_LABEL[k]))),
    );
    const level = el(
      'select',
      { id: 'sources-level', class: 'text-input', 'data-testid': 'sources-level' },
      el('option', { value: '0' }, t('sources.level.any')),
      ...this.thresholds.map((th) =>
        el('option', { value: String(th.level), selected: this.search.minLevel === th.level }, t('sources.level.min', { level: th.level, signatures: formatNumber(this.i18n, th.signatures) })),
      ),
    );
    const form = el(
      'form',
      { class: 'trace-search', role: 'search' },
      el('div', { class: 'field' }, el('label', { for: 'sources-q' }, t('sources.search.label')), q),
      el('div', { class: 'field' }, el('label', { for: 'sources-kind' }, t('sources.kind.label')), kind),
      el('div', { class: 'field' }, el('label', { for: 'sources-level' }, t('sources.level.label')), level),
      el('button', { type: 'submit', class: 'button button-primary' }, t('sources.submit')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosenKind = kind.value;
      this.search = { q: q.value.trim(), kind: isSourceKind(chosenKind) ? chosenKind : null, minLevel: Number(level.value) || 0 };
      this.unknownLevel = null;
      this.writeAddress();
      void this.fetch(false);
    });
    const parts: Array<HTMLElement | null> = [
      el('h1', {}, t('sources.title')),
      el('p', { class: 'trace-intro' }, t('sources.intro')),
      el('p', { class: 'trace-note' }, t('trace.sampleNotice')),
      form,
      this.unknownLevel !== null ? el('p', { class: 'trace-note', role: 'status', 'data-testid': 'sources-level-unknown' }, t('sources.level.unknown', { level: this.unknownLevel })) : null,
      this.results,
    ];
    main.replaceChildren(...parts.filter((part): part is HTMLElement => part !== null));
    this.renderResults();
  }

  /** The search in the address, so that it can be shared and survives a reload. */
  private writeAddress(): void {
    const params = new URLSearchParams();
    if (this.search.q) params.set('q', this.search.q);
    if (this.search.kind) params.set('kind', this.search.kind);
    if (this.search.minLevel) params.set('minLevel', String(this.search.minLevel));
    const query = params.toString();
    window.history.replaceState(null, '', `/sources${query ? `?${query}` : ''}`);
  }

  private async fetch(more: boolean): Promise<void> {
    this.loading = true;
    this.focusFrom = more ? this.sources.length : null;
    // "Show more" keeps the list on screen while the next page comes (the focus stays on the button).
    if (!more) this.renderResults();
    try {
      const page = await this.api.searchSources({
        q: this.search.q,
        ...(this.search.kind ? { kind: this.search.kind } : {}),
        ...(this.search.minLevel ? { minLevel: this.search.minLevel } : {}),
        limit: PAGE_SIZE,
        ...(more && this.next ? { after: this.next } : {}),
      });
      this.sources = more ? [...this.sources, ...page.sources] : page.sources;
      this.total = page.total;
      this.next = page.next;
      this.error = null;
    } catch (error) {
      this.error = error;
      this.focusFrom = null;
      // Results of an earlier search must not pass for this one's (a failed "show more" keeps its list).
      if (!more) {
        this.sources = [];
        this.total = 0;
        this.next = null;
      }
    } finally {
      this.loading = false;
      this.renderResults();
    }
  }

  private renderResults(): void {
    const t = this.i18n.t.bind(this.i18n);
    const status = el('p', { role: 'status', class: 'muted', 'data-testid': 'sources-status' });
    if (this.loading) status.textContent = t('trace.loading');
    else if (this.error !== null) status.textContent = errorText(this.i18n, this.error);
    else status.textContent = this.sources.length === 0 ? t('sources.none') : t('sources.count', { total: formatNumber(this.i18n, this.total) });
    const list = el(
      'ul',
      { class: 'source-list', 'data-testid': 'sources-list' },
      ...this.sources.map((source) =>
        el(
          'li',
          { class: 'source-item', 'data-testid': 'source-item' },
          el('a', { href: sourcePath(source.id), class: 'source-item-title' }, source.title),
          sourceFacts(this.i18n, source, source.level, this.thresholds),
          el('p', { class: 'source-item-summary' }, source.summary.length > SUMMARY_CHARS ? `${source.summary.slice(0, SUMMARY_CHARS)}…` : source.summary),
        ),
      ),
    );
    const more = el('button', { type: 'button', class: 'button', hidden: this.next === null || this.loading, 'data-testid': 'sources-more' }, t('sources.more'));
    more.addEventListener('click', () => {
      more.disabled = true;
      void this.fetch(true);
    });
    this.results.replaceChildren(status, list, more);
    if (this.focusFrom !== null && !this.loading) {
      focusEntry(list.children[this.focusFrom] instanceof HTMLElement ? (list.children[this.focusFrom] as HTMLElement) : null);
      this.focusFrom = null;
    }
  }
}
