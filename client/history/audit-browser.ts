/**
 * The audit log browser of the history page (auditors and admins): the newest events first,
 * filtered by person, kind of event, subject (exactly, or what starts with it) and article
 * (applied on submit), earlier events a
 * page at a time, and the whole chain as a downloadable bundle with the command that checks it.
 *
 * The form's controls are built once and only relabelled when the language changes, so that
 * loading results or download progress never takes the keyboard focus away from where it is.
 */
import { AUDIT_KINDS, type AuditKind, isAuditKind } from '../../shared/audit/audit-kinds.ts';
import type { AuditActorView, AuditEventView, AuditHeadView } from '../../shared/audit/audit-types.ts';
import type { Role } from '../../shared/auth/roles.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { el } from '../ui/element.ts';
import type { Localizer } from '../ui/i18n.ts';
import type { StatusAnnouncer } from '../ui/status.ts';
import { AuditApi, type AuditFilters } from './audit-api.ts';
import { type BundleProgress, downloadAuditBundle, saveFile } from './audit-bundle-download.ts';
import { historyErrorText, reasonText } from './history-errors.ts';

/** Events per page. */
const PAGE = 50;
/**
 * Requests one search makes at most to fill a page: each looks at a bounded stretch of the log
 * (docs/api.md), so a rare person or kind may need several; past this the person is asked.
 */
const ROUNDS = 20;

const KIND_LABELS: Record<AuditKind, MessageKey> = {
  edit: 'history.audit.kind.edit',
  document: 'history.audit.kind.document',
  version: 'history.audit.kind.version',
  restore: 'history.audit.kind.restore',
  link: 'history.audit.kind.link',
  sources: 'history.audit.kind.sources',
  accounts: 'history.audit.kind.accounts',
  comment: 'history.audit.kind.comment',
  stance: 'history.audit.kind.stance',
  settings: 'history.audit.kind.settings',
};

const ROLE_LABELS: Record<Role, MessageKey> = { member: 'role.member', citizen: 'role.citizen', auditor: 'role.auditor', admin: 'role.admin' };

const COLUMNS: readonly MessageKey[] = ['history.audit.col.id', 'history.audit.col.at', 'history.audit.col.actor', 'history.audit.col.action', 'history.audit.col.subject', 'history.audit.col.hash'];

export interface ArticleOption {
  uid: string;
  num: string;
  heading: string;
}

type DownloadState =
  | { phase: 'idle' }
  | { phase: 'preparing' }
  | { phase: 'receiving'; progress: BundleProgress }
  | { phase: 'saved'; fileName: string }
  | { phase: 'failed'; error: unknown };

export class AuditBrowser {
  readonly element: HTMLElement;
  private readonly api: AuditApi;
  private filters: AuditFilters = {};
  /** Newest first. */
  private events: AuditEventView[] = [];
  /** Where the next search goes on (a `before` id); null once the start of the log was reached. */
  private next: number | null = null;
  /** True when the last search stopped at its request budget, not with a full page. */
  private stoppedShort = false;
  private loading = false;
  private searched = false;
  /** Bumped by every new search, so that an answer to a replaced one is dropped. */
  private generation = 0;
  private actors: AuditActorView[] = [];
  /** How many people appear in the log (the list holds the most active of them). */
  private actorsTotal = 0;
  private download: DownloadState = { phase: 'idle' };

  private readonly title = el('h2', { id: 'history-audit-title' });
  private readonly intro = el('p');
  private readonly filterTitle = el('h3', { id: 'audit-filter-title' });
  private readonly actorLabel = el('label', { for: 'audit-actor' });
  private readonly actorHint = el('span', { id: 'audit-actor-hint', class: 'audit-filter-hint' });
  private readonly actorSelect = el('select', { id: 'audit-actor', name: 'actor', 'aria-describedby': 'audit-actor-hint', 'data-testid': 'audit-filter-actor' });
  private readonly kindLabel = el('label', { for: 'audit-kind' });
  private readonly kindSelect = el('select', { id: 'audit-kind', name: 'kind', 'data-testid': 'audit-filter-kind' });
  private readonly subjectLabel = el('label', { for: 'audit-subject' });
  private readonly subjectHint = el('span', { id: 'audit-subject-hint', class: 'audit-filter-hint' });
  private readonly subjectInput = el('input', { id: 'audit-subject', name: 'subject', type: 'text', maxlength: 200, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'audit-subject-hint', 'data-testid': 'audit-filter-subject' });
  /** Exact by default: cdmx#2 must not also find cdmx#20…; this box asks for everything that starts with it. */
  private readonly subjectPrefix = el('input', { id: 'audit-subject-prefix', name: 'subjectMatch', type: 'checkbox', value: 'prefix', 'data-testid': 'audit-filter-subject-prefix' });
  private readonly subjectPrefixLabel = el('label', { for: 'audit-subject-prefix' });
  private readonly articleLabel = el('label', { for: 'audit-article' });
  private readonly articleHint = el('span', { id: 'audit-article-hint', class: 'audit-filter-hint' });
  private readonly articleSelect = el('select', { id: 'audit-article', name: 'article', 'aria-describedby': 'audit-article-hint', 'data-testid': 'audit-filter-article' });
  private readonly apply = el('button', { type: 'submit', class: 'button button-primary', 'data-testid': 'audit-filter-apply' });
  private readonly clear = el('button', { type: 'button', class: 'button', 'data-testid': 'audit-filter-clear' });
  private readonly results = el('div', { class: 'audit-results' });
  private readonly older = el('button', { type: 'button', class: 'button', 'data-testid': 'audit-older' });
  private readonly bundleTitle = el('h3', { id: 'audit-bundle-title' });
  private readonly bundleIntro = el('p');
  private readonly downloadButton = el('button', { type: 'button', class: 'button', 'data-testid': 'audit-download' });
  private readonly progress = el('progress', { class: 'audit-download-progress', 'data-testid': 'audit-download-progress' });
  private readonly downloadStatus = el('p', { class: 'audit-download-status', 'data-testid': 'audit-download-status' });
  private readonly verifyIntro = el('span');
  private readonly verifyCommand = el('code', { class: 'audit-verify-command', 'data-testid': 'audit-verify-command' });

  constructor(
    private readonly i18n: Localizer,
    private readonly token: string | null,
    private readonly announcer: StatusAnnouncer,
    private readonly articles: readonly ArticleOption[],
    /** The head the page's footer shows: the verify command checks the bundle against it. */
    private readonly head: AuditHeadView | null,
  ) {
    this.api = new AuditApi(token);
    const field = (...children: HTMLElement[]): HTMLElement => el('div', { class: 'audit-filter-field' }, ...children);
    const form = el(
      'form',
      { class: 'audit-filters', 'aria-labelledby': 'audit-filter-title', 'data-testid': 'audit-filters' },
      this.filterTitle,
      field(this.actorLabel, this.actorSelect, this.actorHint),
      field(this.kindLabel, this.kindSelect),
      field(this.subjectLabel, this.subjectInput, el('span', { class: 'audit-filter-check' }, this.subjectPrefix, this.subjectPrefixLabel), this.subjectHint),
      field(this.articleLabel, this.articleSelect, this.articleHint),
      el('div', { class: 'audit-filter-actions' }, this.apply, this.clear),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.filters = this.chosenFilters();
      void this.search(true);
    });
    this.clear.addEventListener('click', () => {
      for (const control of [this.actorSelect, this.kindSelect, this.subjectInput, this.articleSelect]) control.value = '';
      this.subjectPrefix.checked = false;
      this.filters = {};
      void this.search(true);
    });
    this.older.addEventListener('click', () => void this.search(false));
    this.downloadButton.addEventListener('click', () => void this.downloadBundle());
    this.progress.hidden = true;
    this.element = el(
      'section',
      { 'aria-labelledby': 'history-audit-title', class: 'audit-browser', 'data-testid': 'audit-log' },
      this.title,
      this.intro,
      form,
      this.results,
      this.older,
      el(
        'div',
        { class: 'audit-bundle', role: 'group', 'aria-labelledby': 'audit-bundle-title' },
        this.bundleTitle,
        this.bundleIntro,
        this.downloadButton,
        this.progress,
        this.downloadStatus,
        el('p', { class: 'audit-verify' }, this.verifyIntro, ' ', this.verifyCommand),
      ),
    );
    this.localize();
    i18n.onChange(() => this.localize());
  }

  /** Loads the people for the person filter and the newest events. */
  async start(): Promise<void> {
    void this.api
      .actors()
      .then((answer) => {
        this.actors = answer.actors;
        this.actorsTotal = answer.total;
        this.fillActors();
      })
      .catch((error: unknown) => {
        console.warn('carta: the audit log people could not be loaded', error);
        this.announcer.announce(this.t('history.audit.actorsFailed', { message: reasonText((key, params) => this.t(key, params), 'audit', error) }), true);
      });
    await this.search(true);
  }

  private t(key: MessageKey, params?: Record<string, string | number>): string {
    return this.i18n.t(key, params);
  }

  private get locale(): string {
    return this.i18n.locale;
  }

  /** Why a request failed, in the person's words (never the server's English message). */
  private errorText(error: unknown): string {
    return historyErrorText((key, params) => this.t(key, params), 'audit', error);
  }

  private number(value: number): string {
    return value.toLocaleString(this.locale);
  }

  private chosenFilters(): AuditFilters {
    const subject = this.subjectInput.value.trim();
    const kind = this.kindSelect.value;
    return {
      ...(this.actorSelect.value ? { actor: this.actorSelect.value } : {}),
      ...(isAuditKind(kind) ? { kind } : {}),
      ...(subject ? { subject } : {}),
      ...(subject && this.subjectPrefix.checked ? { subjectMatch: 'prefix' as const } : {}),
      ...(this.articleSelect.value ? { article: this.articleSelect.value } : {}),
    };
  }

  private get filtered(): boolean {
    return Object.keys(this.filters).length > 0;
  }

  /** Replaces a select's options, keeping what was chosen. */
  private options(select: HTMLSelectElement, all: string, entries: ReadonlyArray<{ value: string; label: string }>): void {
    const chosen = select.value;
    select.replaceChildren(el('option', { value: '' }, all), ...entries.map((entry) => el('option', { value: entry.value }, entry.label)));
    select.value = entries.some((entry) => entry.value === chosen) ? chosen : '';
  }

  private actorName(actor: { id: string; name: string | null }): string {
    return actor.name ?? actor.id;
  }

  private fillActors(): void {
    const entries = this.actors
      .map((actor) => ({
        value: actor.id,
        label: this.i18n.plural('history.audit.filter.actor.option', actor.events, {
          name: this.actorName(actor),
          role: actor.role ? this.t(ROLE_LABELS[actor.role]) : this.t('history.audit.actor.noRole'),
        }),
        sortKey: this.actorName(actor),
      }))
      .sort((a, b) => a.sortKey.localeCompare(b.sortKey, this.locale));
    this.options(this.actorSelect, this.t('history.audit.filter.actor.all'), entries);
    this.actorHint.textContent =
      this.actorsTotal > this.actors.length ? this.t('history.audit.filter.actor.some', { shown: this.number(this.actors.length), total: this.number(this.actorsTotal) }) : '';
  }

  /** Every text in the current language; the controls stay the same elements. */
  private localize(): void {
    this.title.textContent = this.t('history.audit.title');
    this.intro.textContent = this.t('history.audit.intro');
    this.filterTitle.textContent = this.t('history.audit.filters');
    this.actorLabel.textContent = this.t('history.audit.filter.actor');
    this.kindLabel.textContent = this.t('history.audit.filter.kind');
    this.subjectLabel.textContent = this.t('history.audit.filter.subject');
    this.subjectHint.textContent = this.t('history.audit.filter.subject.hint');
    this.subjectPrefixLabel.textContent = this.t('history.audit.filter.subjectPrefix');
    this.articleLabel.textContent = this.t('history.audit.filter.article');
    this.articleHint.textContent = this.t('history.audit.filter.article.hint');
    this.apply.textContent = this.t('history.audit.filter.apply');
    this.clear.textContent = this.t('history.audit.filter.clear');
    this.fillActors();
    this.options(
      this.kindSelect,
      this.t('history.audit.filter.kind.all'),
      AUDIT_KINDS.map((kind) => ({ value: kind, label: this.t(KIND_LABELS[kind]) })),
    );
    this.options(
      this.articleSelect,
      this.t('history.audit.filter.article.all'),
      this.articles.map((article) => ({ value: article.uid, label: `${this.t('history.kind.articulo')} ${article.num}. ${article.heading}`.slice(0, 120) })),
    );
    this.bundleTitle.textContent = this.t('history.audit.bundle.title');
    this.bundleIntro.textContent = this.t('history.audit.bundle.intro');
    this.downloadButton.textContent = this.t('history.audit.bundle.download');
    this.progress.setAttribute('aria-label', this.t('history.audit.bundle.progressLabel'));
    this.verifyIntro.textContent = this.t('history.audit.bundle.verify');
    this.renderResults();
    this.renderBundle();
  }

  /**
   * A new search from the newest event (`fresh`), or the next page of the current one. Keeps
   * asking until a page is full, the log's start is reached or the request budget is spent.
   */
  private async search(fresh: boolean): Promise<void> {
    if (!fresh && (this.loading || this.next === null)) return;
    const generation = fresh ? ++this.generation : this.generation;
    const filters = this.filters;
    this.loading = true;
    this.renderResults();
    const found: AuditEventView[] = [];
    // "Before" the largest id there can be: from the newest event, whatever the head is by now.
    let next: number | null = fresh ? Number.MAX_SAFE_INTEGER : this.next;
    let rounds = 0;
    try {
      while (next !== null && found.length < PAGE && rounds < ROUNDS) {
        const page = await this.api.olderEvents(filters, next, PAGE - found.length);
        rounds++;
        if (generation !== this.generation) return;
        found.push(...page.events);
        next = page.next;
      }
      this.events = fresh ? found : [...this.events, ...found];
      this.next = next;
      this.stoppedShort = next !== null && found.length < PAGE;
      this.searched = true;
      this.announcer.announce(this.loadedMessage(fresh, found.length));
    } catch (error) {
      if (generation === this.generation) {
        console.warn('carta: the audit log search failed', error);
        this.announcer.announce(this.errorText(error), true);
      }
    } finally {
      if (generation === this.generation) {
        this.loading = false;
        this.renderResults();
      }
    }
  }

  private loadedMessage(fresh: boolean, count: number): string {
    if (fresh && this.events.length === 0 && this.next === null) return this.t('history.audit.empty');
    const loaded = this.i18n.plural(fresh ? 'history.audit.found' : 'history.audit.loaded', count);
    return this.stoppedShort && this.next !== null ? `${loaded} ${this.t('history.audit.searchedTo', { id: this.number(this.next) })}` : loaded;
  }

  private renderResults(): void {
    const summary = el('p', { class: 'audit-summary', 'data-testid': 'audit-summary' });
    if (this.loading) summary.textContent = this.t('history.audit.loading');
    else if (!this.searched) summary.textContent = '';
    else if (this.events.length === 0) {
      summary.textContent = this.next === null ? this.t('history.audit.empty') : this.t('history.audit.emptySoFar', { id: this.number(this.next) });
      summary.classList.add('audit-empty');
      summary.setAttribute('data-empty', 'true');
    } else {
      summary.textContent = this.i18n.plural('history.audit.shown', this.events.length);
      if (this.filtered && this.next !== null) summary.append(' ', this.t('history.audit.searchedTo', { id: this.number(this.next) }));
    }
    const rows = this.events.map((event) =>
      el(
        'tr',
        { 'data-testid': 'audit-event', 'data-action': event.action, 'data-actor': event.actorId, 'data-id': event.id },
        el('td', {}, String(event.id)),
        el('td', {}, new Date(event.at).toLocaleString(this.locale, { dateStyle: 'medium', timeStyle: 'short' })),
        el('td', {}, this.actorName(event.actor)),
        el('td', {}, el('code', {}, event.action)),
        el('td', {}, event.subject),
        el('td', {}, el('code', { class: 'audit-hash', title: event.hash }, `${event.hash.slice(0, 12)}…`)),
      ),
    );
    const table =
      rows.length > 0
        ? el(
            'div',
            { class: 'history-table-wrap' },
            el(
              'table',
              { class: 'history-audit', 'aria-busy': this.loading ? 'true' : 'false' },
              el('caption', { class: 'visually-hidden' }, this.t('history.audit.caption')),
              el('thead', {}, el('tr', {}, ...COLUMNS.map((key) => el('th', { scope: 'col' }, this.t(key))))),
              el('tbody', {}, ...rows),
            ),
          )
        : null;
    this.results.replaceChildren(summary, ...(table ? [table] : []));
    // aria-disabled, not disabled: a button that is disabled while it has the focus drops it.
    this.older.textContent = this.t(this.stoppedShort ? 'history.audit.searchOlder' : 'history.audit.older');
    this.older.setAttribute('aria-disabled', this.loading || this.next === null ? 'true' : 'false');
  }

  private async downloadBundle(): Promise<void> {
    if (this.download.phase === 'preparing' || this.download.phase === 'receiving') return;
    this.download = { phase: 'preparing' };
    this.renderBundle();
    this.announcer.announce(this.t('history.audit.bundle.preparing'));
    try {
      const bundle = await downloadAuditBundle(this.token, (progress) => {
        this.download = { phase: 'receiving', progress };
        this.renderBundle();
      });
      saveFile(bundle);
      this.download = { phase: 'saved', fileName: bundle.fileName };
      this.announcer.announce(this.t('history.audit.bundle.saved', { file: bundle.fileName }));
    } catch (error) {
      console.warn('carta: the audit bundle download failed', error);
      this.download = { phase: 'failed', error };
      this.announcer.announce(this.t('history.audit.bundle.failed', { message: reasonText((key, params) => this.t(key, params), 'audit', error) }), true);
    }
    this.renderBundle();
  }

  private megabytes(bytes: number): string {
    return `${(bytes / 1_048_576).toLocaleString(this.locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 })} MB`;
  }

  private renderBundle(): void {
    const state = this.download;
    const busy = state.phase === 'preparing' || state.phase === 'receiving';
    this.downloadButton.setAttribute('aria-disabled', busy ? 'true' : 'false');
    this.downloadButton.setAttribute('aria-busy', busy ? 'true' : 'false');
    this.progress.hidden = !busy;
    if (state.phase === 'receiving' && state.progress.total !== null) {
      this.progress.max = state.progress.total;
      this.progress.value = state.progress.received;
    } else this.progress.removeAttribute('value');
    this.downloadStatus.textContent =
      state.phase === 'preparing'
        ? this.t('history.audit.bundle.preparing')
        : state.phase === 'receiving'
          ? state.progress.total === null
            ? this.t('history.audit.bundle.progressUnknown', { received: this.megabytes(state.progress.received) })
            : this.t('history.audit.bundle.progress', { received: this.megabytes(state.progress.received), total: this.megabytes(state.progress.total) })
          : state.phase === 'saved'
            ? this.t('history.audit.bundle.saved', { file: state.fileName })
            : state.phase === 'failed'
              ? this.t('history.audit.bundle.failed', { message: reasonText((key, params) => this.t(key, params), 'audit', state.error) })
              : '';
    // The file the person saved (or will save), checked against the head the footer showed them.
    const file = state.phase === 'saved' ? state.fileName : `carta-audit-${this.head?.count ?? 'N'}.tar`;
    this.verifyCommand.textContent = `node verifier/verify-bundle.mjs ${file}${this.head ? ` --noted ${this.head.count}:${this.head.hash}` : ''}`;
  }
}
