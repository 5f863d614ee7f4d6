/**
 * The history page (`/d/<docId>/history`): the timeline of named versions and days with changes,
 * naming the current text as a version (members; the form says that a named version is published
 * in the public reading room), comparing any two points — a changelog of the structure and the
 * text, in reading order and grouped by article, with every added word and every removed word in
 * the colour of the person who did it — and restoring an article as it was (members, once per
 * article the older point had). The comparison is in the address (`?from=&to=`), so it can be
 * shared and a reload shows it again. Each named version and each day links to its read-only
 * reader, and each named version to its page in the public reading room (named versions are what
 * the reading room publishes); choosing an article shows who wrote what in it, with a legend of
 * the people and how much each wrote, and the changes that touched it, each one a comparison
 * away. A failure is told beside the form that caused it, in the person's words. At the foot, the
 * audit log's event count and head hash, for anyone to note. Every text is escaped (built with
 * text nodes).
 */
import { colorForUser } from '../../shared/auth/user-colors.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { type ReadingView, readingRoomUrl } from '../../shared/reading-room/reading-room-urls.ts';
import { ApiError, type Me } from '../session/api-client.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.ts';
import { el } from '../ui/element.ts';
import { showPageMessage } from '../ui/full-page-message.ts';
import type { Localizer } from '../ui/i18n.ts';
import { LanguageSwitch } from '../ui/language-switch.ts';
import { StatusAnnouncer } from '../ui/status.ts';
import { AuditBrowser } from './audit-browser.ts';
import { blameShares } from './blame-legend.ts';
import { articleText, type ChangeGroup, changeGroups, placeText } from './changelog-groups.ts';
import { comparisonFromSearch, searchWithComparison } from './comparison-address.ts';
import { type HistoryAction, historyErrorText } from './history-errors.ts';
import { type ArticleEntry, type ArticleHistoryAnswer, type AuditHead, type BlameAnswer, type DiffAnswer, HistoryApi, type Stamp, type Timeline } from './history-api.ts';

interface Point {
  seq: number;
  label: string;
}

/** A message re-worded in the current language each time it is shown. */
type Wording = () => string;

const KIND_KEYS: Record<string, MessageKey> = {
  titulo: 'history.kind.titulo',
  capitulo: 'history.kind.capitulo',
  articulo: 'history.kind.articulo',
  apartado: 'history.kind.apartado',
  transitorio: 'history.kind.transitorio',
  epigrafe: 'history.kind.epigrafe',
  parrafo: 'history.kind.parrafo',
  numeral: 'history.kind.numeral',
  fraccion: 'history.kind.fraccion',
  inciso: 'history.kind.inciso',
  apartado_epigrafe: 'history.kind.apartado_epigrafe',
  titulo_nombre: 'history.kind.titulo_nombre',
  capitulo_nombre: 'history.kind.capitulo_nombre',
  preambulo: 'history.kind.preambulo',
};

export class HistoryPage {
  private readonly api: HistoryApi;
  private readonly announcer = new StatusAnnouncer();
  private readonly confirm = new ConfirmDialog();
  private readonly language: LanguageSwitch;
  private readonly main: HTMLElement;
  private readonly footer: HTMLElement;
  private readonly stopLocalizing: () => void;
  /** Set once the page gave way to a page message: nothing renders here any more. */
  private closed = false;
  private timeline: Timeline | null = null;
  private diff: DiffAnswer | null = null;
  private head: AuditHead | null = null;
  private from: number | null = null;
  private to: number | null = null;
  /** Why the page could not load. */
  private loadProblem: Wording | null = null;
  /** Each form's failure, shown in its alert beside it. */
  private nameProblem: Wording | null = null;
  private compareProblem: Wording | null = null;
  private blameProblem: Wording | null = null;
  private restoreProblem: { articleUid: string; wording: Wording } | null = null;
  /** What is typed in the naming form: the page is redrawn (a language switch, a comparison) without losing it. */
  private nameDraft = { name: '', note: '' };
  private saving = false;
  /** The audit log browser, for auditors and admins. */
  private auditBrowser: AuditBrowser | null = null;
  private articles: ArticleEntry[] = [];
  private blame: BlameAnswer | null = null;
  /** The changes that touched the article chosen for blame. */
  private articleChanges: ArticleHistoryAnswer | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly i18n: Localizer,
    private readonly docId: string,
    private readonly me: Me,
    /** A sign-in link's token, or null when the session cookie signs the page in. */
    private readonly token: string | null,
  ) {
    this.api = new HistoryApi(docId, token);
    this.language = new LanguageSwitch(i18n);
    this.main = el('main', { class: 'history-main', id: 'history-main', 'data-testid': 'history-main' });
    this.footer = el('footer', { class: 'audit-footer', 'data-testid': 'audit-footer' });
    this.stopLocalizing = i18n.onChange(() => this.render());
  }

  async start(): Promise<void> {
    this.render();
    try {
      [this.timeline, this.head, this.articles] = await Promise.all([this.api.timeline(), this.api.auditHead(), this.api.articles()]);
    } catch (error) {
      if (error instanceof ApiError && error.id === 'not-found') {
        // The same calm page as the editor's for an address that names no document.
        this.closed = true;
        this.stopLocalizing();
        showPageMessage(this.root, this.i18n, { kind: 'document-not-found', docId: this.docId });
        return;
      }
      this.loadProblem = this.failure('load', error);
      this.render();
      return;
    }
    if (this.me.role === 'auditor' || this.me.role === 'admin') {
      this.auditBrowser = new AuditBrowser(this.i18n, this.token, this.announcer, this.articles, this.head);
      void this.auditBrowser.start();
    }
    // A comparison named in the address (shared, or before a reload) is shown again.
    const asked = comparisonFromSearch(window.location.search);
    const named = this.timeline.named.at(-1);
    this.from = asked?.from ?? named?.seq ?? this.timeline.daily[0]?.seq ?? 1;
    this.to = asked?.to ?? this.timeline.current.seq;
    this.render();
    if (asked) this.compare(asked.from, asked.to);
  }

  private t(key: MessageKey, params?: Record<string, string | number>): string {
    return this.i18n.t(key, params);
  }

  /** The words for a failure of `action`, in whatever language the page is in when they are shown. */
  private failure(action: HistoryAction, error: unknown, params?: Record<string, string | number>): Wording {
    console.warn(`carta: history ${action} failed`, error);
    return () => historyErrorText((key, values) => this.t(key, values), action, error, params);
  }

  private date(at: number | null): string {
    return at === null ? '' : new Date(at).toLocaleString(this.i18n.locale, { dateStyle: 'medium', timeStyle: 'short' });
  }

  private person(stamp: Stamp | null | undefined): string {
    if (!stamp) return this.t('history.unknownPerson');
    return this.diff?.people[stamp.userId] ?? stamp.userId;
  }

  /** The points one may compare: named versions, days with changes, and the current text. */
  private points(): Point[] {
    if (!this.timeline) return [];
    const points: Point[] = this.timeline.named.map((v) => ({ seq: v.seq, label: this.t('history.point.named', { name: v.name, date: this.date(v.createdAt) }) }));
    for (const day of this.timeline.daily) points.push({ seq: day.seq, label: this.i18n.plural('history.point.day', day.updates, { day: day.day }) });
    points.push({ seq: this.timeline.current.seq, label: this.t('history.point.current') });
    // A comparison started from an article's history may be between any two positions: the
    // selects show them, so that they (and "restore as in From") say what is compared.
    for (const seq of [this.from, this.to]) {
      if (seq !== null && !points.some((p) => p.seq === seq)) points.push({ seq, label: this.t('history.point.seq', { seq }) });
    }
    return points.sort((a, b) => a.seq - b.seq);
  }

  private render(): void {
    if (this.closed) return;
    // Every render rebuilds the sections: the control that had the focus gets it back.
    const active = document.activeElement;
    const focusedId = active instanceof HTMLElement && active.id !== '' && this.main.contains(active) ? active.id : null;
    document.documentElement.lang = this.i18n.lang;
    document.title = `${this.t('history.title')} · Carta`;
    this.language.localize();
    const header = el(
      'header',
      { class: 'history-header' },
      el('a', { class: 'trace-brand', href: '/' }, 'Carta'),
      el('a', { href: this.docId === 'cdmx' ? '/' : `/d/${encodeURIComponent(this.docId)}`, 'data-testid': 'back-to-document' }, this.t('history.back')),
      el('a', { href: this.readingRoomHref({ kind: 'latest' }), 'data-testid': 'history-reading-room' }, this.t('header.readingRoom')),
      this.language.element,
    );
    this.main.replaceChildren(...this.sections());
    this.footer.replaceChildren(
      this.head
        ? el('p', {}, this.i18n.plural('history.audit.head', this.head.count), ' ', el('code', { class: 'audit-hash', title: this.head.hash, 'data-testid': 'audit-head-hash' }, this.head.hash))
        : '',
    );
    if (!this.root.contains(this.main)) this.root.replaceChildren(el('div', { class: 'history-app' }, header, this.main, this.footer, this.announcer.element, this.confirm.element));
    else this.root.querySelector('.history-header')?.replaceWith(header);
    if (focusedId !== null && document.activeElement !== document.getElementById(focusedId)) document.getElementById(focusedId)?.focus({ preventScroll: true });
  }

  private sections(): HTMLElement[] {
    const out: HTMLElement[] = [el('h1', {}, this.t('history.title'))];
    if (this.loadProblem) return [...out, el('p', { role: 'alert', class: 'history-error', 'data-testid': 'history-error' }, this.loadProblem())];
    if (!this.timeline) return [...out, el('p', { 'aria-busy': 'true' }, this.t('app.loading'))];
    out.push(this.timelineSection());
    if (this.me.role === 'member' || this.me.role === 'admin') out.push(this.nameForm());
    out.push(this.compareForm());
    if (this.diff) out.push(this.diffSection(this.diff));
    out.push(this.blameSection());
    if (this.auditBrowser) out.push(this.auditBrowser.element);
    return out;
  }

  private timelineSection(): HTMLElement {
    const timeline = this.timeline as Timeline;
    const named = timeline.named.map((v) =>
      el(
        'li',
        { 'data-testid': 'named-version' },
        el('strong', {}, v.name),
        ' · ',
        this.date(v.createdAt),
        v.note ? el('span', { class: 'history-note' }, ` — ${v.note}`) : '',
        ' · ',
        this.readLink(v.seq, this.t('history.read.named', { name: v.name }), 'read-named-version'),
        ' · ',
        el(
          'a',
          { href: this.readingRoomHref({ kind: 'version', seq: v.seq }), 'aria-label': this.t('history.readingRoom.named', { name: v.name }), 'data-testid': 'named-version-reading-room' },
          this.t('history.readingRoom'),
        ),
      ),
    );
    const days = timeline.daily.map((day) =>
      el('li', { 'data-testid': 'change-day' }, this.i18n.plural('history.point.day', day.updates, { day: day.day }), ' · ', this.readLink(day.seq, this.t('history.read.day', { day: day.day }), 'read-day')),
    );
    return el(
      'section',
      { 'aria-labelledby': 'history-versions' },
      el('h2', { id: 'history-versions' }, this.t('history.versions')),
      named.length > 0 ? el('ol', { class: 'history-versions' }, ...named) : el('p', {}, this.t('history.versions.none')),
      // A long drafting process has many days: the list opens on request.
      days.length > 0
        ? el('details', { class: 'history-days', 'data-testid': 'change-days' }, el('summary', {}, this.t('history.days', { days: days.length })), el('ol', { class: 'history-days-list' }, ...days))
        : el('p', { class: 'history-days' }, this.t('history.days', { days: 0 })),
    );
  }

  /** The public reading room's page for `view`, in the page's language. */
  private readingRoomHref(view: ReadingView): string {
    return readingRoomUrl(this.docId, view, this.i18n.lang);
  }

  /** A link to the read-only reader of the text at `seq`; `label` (which starts with the visible word) names the version. */
  private readLink(seq: number, label: string, testid: string): HTMLElement {
    return el('a', { href: `/d/${encodeURIComponent(this.docId)}/history/${seq}`, 'aria-label': label, 'data-testid': testid, 'data-seq': seq }, this.t('history.read'));
  }

  /** A form's alert: empty until something fails, then the failure in words (read out as it appears). */
  private alert(id: string, wording: Wording | null, testid: string): HTMLElement {
    return el('p', { id, role: 'alert', class: 'history-form-error', 'data-testid': testid }, wording ? wording() : '');
  }

  /** Sets a form's failure and shows it in its alert now, without redrawing the page (the focus stays). */
  private showProblem(alertId: string, wording: Wording | null, invalidFieldId?: string): void {
    const alert = document.getElementById(alertId);
    if (alert) alert.textContent = wording ? wording() : '';
    if (invalidFieldId) {
      const field = document.getElementById(invalidFieldId);
      if (wording) field?.setAttribute('aria-invalid', 'true');
      else field?.removeAttribute('aria-invalid');
    }
  }

  private nameForm(): HTMLElement {
    const problem = this.nameProblem;
    // Named versions are what the public reading room publishes: the form says so before saving.
    const name = el('input', {
      id: 'version-name',
      name: 'name',
      maxlength: 200,
      autocomplete: 'off',
      'aria-required': 'true',
      'aria-invalid': problem ? 'true' : null,
      'aria-describedby': 'version-name-error version-public-note',
      'data-testid': 'version-name',
    });
    name.value = this.nameDraft.name;
    name.addEventListener('input', () => {
      this.nameDraft.name = name.value;
    });
    const note = el('textarea', { id: 'version-note', name: 'note', maxlength: 5000, rows: 2, 'data-testid': 'version-note' });
    note.value = this.nameDraft.note;
    note.addEventListener('input', () => {
      this.nameDraft.note = note.value;
    });
    const save = el('button', { type: 'submit', class: 'button button-primary', id: 'version-save', 'data-testid': 'version-save' }, this.t('history.name.save'));
    const form = el(
      'form',
      { class: 'history-form', 'aria-labelledby': 'history-name-title', novalidate: true },
      el('h2', { id: 'history-name-title' }, this.t('history.name.title')),
      el('label', { for: 'version-name' }, this.t('history.name.label')),
      name,
      el('label', { for: 'version-note' }, this.t('history.name.note')),
      note,
      el(
        'p',
        { id: 'version-public-note', class: 'history-form-note', 'data-testid': 'version-public-note' },
        this.t('history.name.public'),
        ' ',
        el('a', { href: this.readingRoomHref({ kind: 'latest' }), 'data-testid': 'version-public-link' }, this.t('history.name.publicLink')),
      ),
      this.alert('version-name-error', problem, 'version-name-error'),
      save,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.saveVersion(name, note);
    });
    return form;
  }

  /** Names the current text; a name of spaces alone is refused here, before anything is sent. */
  private async saveVersion(nameField: HTMLInputElement, noteField: HTMLTextAreaElement): Promise<void> {
    if (this.saving) return;
    const name = nameField.value.trim();
    if (name === '') {
      this.nameProblem = () => this.t('history.name.required');
      this.showProblem('version-name-error', this.nameProblem, 'version-name');
      nameField.focus();
      return;
    }
    this.nameProblem = null;
    this.showProblem('version-name-error', null, 'version-name');
    this.saving = true;
    try {
      const version = await this.api.nameVersion(name, noteField.value.trim());
      this.nameDraft = { name: '', note: '' };
      this.announcer.announce(this.t('history.name.done', { name: version.name }));
    } catch (error) {
      this.nameProblem = this.failure('name', error);
      this.showProblem('version-name-error', this.nameProblem, 'version-name');
      return;
    } finally {
      this.saving = false;
    }
    await this.refreshTimeline();
  }

  /** Reads the timeline again after a write (a new version, a restore) and redraws the page. */
  private async refreshTimeline(): Promise<void> {
    try {
      this.timeline = await this.api.timeline();
    } catch (error) {
      this.announcer.announce(this.failure('load', error)(), true);
    }
    this.render();
  }

  private compareForm(): HTMLElement {
    const select = (id: string, value: number | null, testid: string): HTMLSelectElement => {
      const element = el('select', { id, class: 'history-point-select', 'data-testid': testid });
      for (const point of this.points()) element.append(el('option', { value: point.seq, selected: point.seq === value }, point.label));
      // The select shows a long version name cut short: its title (and the option itself) says it whole.
      const showChosen = (): void => {
        element.title = element.selectedOptions[0]?.textContent ?? '';
      };
      showChosen();
      element.addEventListener('change', showChosen);
      return element;
    };
    const from = select('compare-from', this.from, 'compare-from');
    const to = select('compare-to', this.to, 'compare-to');
    const form = el(
      'form',
      { class: 'history-form history-compare', 'aria-labelledby': 'history-compare-title' },
      el('h2', { id: 'history-compare-title' }, this.t('history.compare.title')),
      el('label', { for: 'compare-from' }, this.t('history.compare.from')),
      from,
      el('label', { for: 'compare-to' }, this.t('history.compare.to')),
      to,
      this.alert('compare-error', this.compareProblem, 'compare-error'),
      el('button', { type: 'submit', class: 'button button-primary', id: 'compare-go', 'data-testid': 'compare' }, this.t('history.compare.go')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.compare(Number(from.value), Number(to.value));
    });
    return form;
  }

  /**
   * Shows the changes between two log positions in the changes section, puts the pair in the
   * address (replacing it: comparing again is not a new page to go back to), and moves the focus
   * to the changes.
   */
  private compare(fromSeq: number, toSeq: number): void {
    this.from = fromSeq;
    this.to = toSeq;
    void this.api
      .diff(fromSeq, toSeq)
      .then((diff) => {
        this.diff = diff;
        // The server answers oldest first whichever way they were asked: "From" is the older.
        this.from = diff.from.seq;
        this.to = diff.to.seq;
        this.compareProblem = null;
        this.restoreProblem = null;
        const { pathname, search, hash } = window.location;
        window.history.replaceState(window.history.state, '', `${pathname}${searchWithComparison(search, { from: diff.from.seq, to: diff.to.seq })}${hash}`);
        this.render();
        this.announcer.announce(this.i18n.plural('history.compare.done', diff.structure.length + diff.blocks.length));
        document.getElementById('history-changes')?.focus();
      })
      .catch((error: unknown) => {
        this.compareProblem = this.failure('compare', error);
        this.showProblem('compare-error', this.compareProblem);
      });
  }

  private kind(kind: string): string {
    const key = KIND_KEYS[kind];
    return key ? this.t(key) : kind;
  }

  private diffSection(diff: DiffAnswer): HTMLElement {
    const entries = diff.structure.map((change) => {
      const info = change.after ?? change.before;
      const what = `${this.kind(change.kind)} ${info?.num ?? ''}${info?.heading ? ` (${info.heading})` : ''}`.trim();
      const key: MessageKey = change.change === 'added' ? 'history.change.added' : change.change === 'removed' ? 'history.change.removed' : 'history.change.moved';
      return el('li', { 'data-testid': 'structure-change', 'data-change': change.change }, this.t(key, { what, from: change.before?.num ?? '', to: change.after?.num ?? '', person: this.person(change.by) }));
    });
    if (diff.renumbered.length > 0) entries.push(el('li', { 'data-testid': 'renumbered' }, this.i18n.plural('history.change.renumbered', diff.renumbered.length)));
    if (diff.links.added.length + diff.links.retired.length > 0) {
      entries.push(
        el(
          'li',
          {},
          this.t('history.change.links', {
            added: this.i18n.plural('history.change.links.added', diff.links.added.length),
            retired: this.i18n.plural('history.change.links.retired', diff.links.retired.length),
          }),
        ),
      );
    }
    const people = Object.entries(diff.people).map(([id, name]) => el('li', {}, el('span', { class: 'history-swatch', style: `background:${colorForUser(id)}`, 'aria-hidden': 'true' }), ` ${name ?? id}`));
    const groups = changeGroups(diff, this.timeline?.current.seq ?? diff.to.seq, this.me.role === 'member');
    return el(
      'section',
      { 'aria-labelledby': 'history-changes-title', id: 'history-changes', tabindex: '-1', 'data-testid': 'history-changes' },
      el('h2', { id: 'history-changes-title' }, this.t('history.changes', { from: diff.from.seq, to: diff.to.seq })),
      people.length > 0 ? el('ul', { class: 'history-people', 'aria-label': this.t('history.people') }, ...people) : '',
      el('h3', {}, this.t('history.changelog')),
      entries.length > 0 ? el('ul', { class: 'history-changelog', 'data-testid': 'changelog' }, ...entries) : el('p', {}, this.t('history.nochange')),
      el('h3', {}, this.t('history.textchanges')),
      groups.length > 0 ? el('ol', { class: 'history-change-groups' }, ...groups.map((group, index) => this.changeGroup(group, index))) : el('p', {}, this.t('history.nochange')),
    );
  }

  /** The changed blocks of one article (or of the text outside articles), with its one restore button. */
  private changeGroup(group: ChangeGroup, index: number): HTMLElement {
    const t = (key: MessageKey, params?: Record<string, string | number>): string => this.t(key, params);
    const headingId = `history-group-${index}`;
    const title = group.article ? articleText(t, group.article) : this.t('history.textchanges.outside');
    let restore: HTMLElement | null = null;
    const article = group.article;
    if (group.restorable && article) {
      const errorId = `restore-error-${article.uid}`;
      const button = el(
        'button',
        { type: 'button', class: 'button', id: `restore-${article.uid}`, 'aria-describedby': errorId, 'data-testid': 'restore-article', 'data-article': article.uid },
        this.t('history.restore', { article: title }),
      );
      button.addEventListener('click', () => void this.restore(article.uid, title));
      const problem = this.restoreProblem?.articleUid === article.uid ? this.restoreProblem.wording : null;
      restore = el('div', { class: 'history-restore' }, button, this.alert(errorId, problem, 'restore-error'));
    }
    return el(
      'li',
      { class: 'history-change-group', 'data-testid': 'article-changes', 'data-article': article?.uid ?? '' },
      el('h4', { id: headingId }, title),
      restore,
      el('ol', { class: 'history-blocks', 'aria-labelledby': headingId }, ...group.blocks.map((block) => this.blockChange(block))),
    );
  }

  private blockChange(block: DiffAnswer['blocks'][number]): HTMLElement {
    const t = (key: MessageKey, params?: Record<string, string | number>): string => this.t(key, params);
    const text = el('p', { class: 'history-text', lang: 'es' });
    for (const token of block.tokens) {
      if (token.op === 'equal') {
        text.append(token.text);
        continue;
      }
      const who = this.person(token.by);
      const tag = token.op === 'insert' ? 'ins' : 'del';
      text.append(
        el(
          tag,
          { class: `history-${tag}`, style: token.by ? `--person-color:${colorForUser(token.by.userId)}` : null, title: this.t(token.op === 'insert' ? 'history.token.added' : 'history.token.removed', { person: who }), 'data-testid': `history-${tag}` },
          token.text,
        ),
      );
    }
    return el(
      'li',
      { 'data-testid': 'block-change', 'data-change': block.change, 'data-uid': block.uid },
      el('h5', { 'data-testid': 'block-place' }, placeText(t, block.place, block.kind, (kind) => this.kind(kind)), ' — ', this.t(`history.block.${block.change}` as MessageKey)),
      text,
    );
  }

  /** Who wrote each passage of one article now, each run in its author's colour (from the server's stamps), with a legend. */
  private blameSection(): HTMLElement {
    const select = el('select', { id: 'blame-article', 'aria-describedby': 'blame-error', 'data-testid': 'blame-article' });
    for (const article of this.articles) {
      select.append(el('option', { value: article.uid, selected: article.uid === this.blame?.articleUid }, `${this.kind('articulo')} ${article.num}. ${article.heading}`.slice(0, 120)));
    }
    const form = el(
      'form',
      { class: 'history-form' },
      el('label', { for: 'blame-article' }, this.t('history.blame.article')),
      select,
      this.alert('blame-error', this.blameProblem, 'blame-error'),
      el('button', { type: 'submit', class: 'button', id: 'blame-show', 'data-testid': 'blame-show' }, this.t('history.blame.show')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void Promise.all([this.api.blame(select.value), this.api.articleHistory(select.value)])
        .then(([blame, changes]) => {
          this.blame = blame;
          this.articleChanges = changes;
          this.blameProblem = null;
          this.render();
          this.announcer.announce(this.t('history.blame.done'));
        })
        .catch((error: unknown) => {
          this.blameProblem = this.failure('blame', error);
          this.showProblem('blame-error', this.blameProblem);
        });
    });
    const blame = this.blame;
    const blocks = blame
      ? blame.blocks.map((block) =>
          el(
            'p',
            { class: 'history-text', lang: 'es', 'data-testid': 'blame-block' },
            ...block.runs.map((run) => {
              const who = run.stamp ? (blame.people[run.stamp.userId] ?? run.stamp.userId) : this.t('history.unknownPerson');
              return el(
                'span',
                {
                  class: 'history-blame',
                  style: run.stamp ? `--person-color:${colorForUser(run.stamp.userId)}` : null,
                  title: this.t('history.blame.run', { person: who, date: this.date(run.stamp?.at ?? null) }),
                  'data-testid': 'blame-run',
                },
                run.text,
              );
            }),
          ),
        )
      : [];
    return el(
      'section',
      { 'aria-labelledby': 'history-blame-title', 'data-testid': 'blame' },
      el('h2', { id: 'history-blame-title' }, this.t('history.blame.title')),
      form,
      blame ? this.blameLegend(blame) : null,
      ...blocks,
      this.articleChanges && this.articleChanges.articleUid === blame?.articleUid ? this.articleHistoryList(this.articleChanges) : null,
    );
  }

  /** Each person whose words the article holds: their colour, name and characters, most first (colour is never the only key). */
  private blameLegend(blame: BlameAnswer): HTMLElement {
    const entries = blameShares(blame).map((share) =>
      el(
        'li',
        { 'data-testid': 'blame-legend-entry', 'data-user': share.userId ?? '' },
        el('span', { class: 'history-swatch', style: share.userId ? `background:${colorForUser(share.userId)}` : 'background:var(--rule)', 'aria-hidden': 'true' }),
        ' ',
        el('strong', {}, share.userId === null ? this.t('history.unknownPerson') : (share.name ?? share.userId)),
        ' · ',
        this.i18n.plural('history.blame.chars', share.characters),
      ),
    );
    return el(
      'div',
      { class: 'history-blame-legend', 'data-testid': 'blame-legend' },
      el('h3', { id: 'history-blame-legend-title' }, this.t('history.blame.legend')),
      el('ul', { class: 'history-people', 'aria-labelledby': 'history-blame-legend-title' }, ...entries),
    );
  }

  /** The changes that touched the chosen article, oldest first: who, when, how much, each a comparison away. */
  private articleHistoryList(answer: ArticleHistoryAnswer): HTMLElement {
    const locale = this.i18n.locale;
    const entries = answer.changes.map((change) => {
      const who = answer.people[change.userId] ?? change.userId;
      // One date when the stretch of work fits in a minute; "4 dic 2026, 10:42 – 11:05" within a day.
      const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).formatRange(change.from.at, change.to.at);
      // The change's first update against the position just before it: what this stretch of work did.
      const before = change.from.seq - 1;
      const compare =
        before >= 1
          ? el('button', { type: 'button', class: 'button', 'aria-label': this.t('history.articleHistory.compareLabel', { person: who, when }), 'data-testid': 'article-change-compare' }, this.t('history.articleHistory.compare'))
          : el('span', { class: 'muted' }, this.t('history.articleHistory.first'));
      if (compare instanceof HTMLButtonElement) compare.addEventListener('click', () => this.compare(before, change.to.seq));
      return el(
        'li',
        { 'data-testid': 'article-change', 'data-user': change.userId },
        el('span', { class: 'history-swatch', style: `background:${colorForUser(change.userId)}`, 'aria-hidden': 'true' }),
        ' ',
        el('strong', {}, who),
        ' · ',
        when,
        ' · ',
        el(
          'span',
          { 'data-testid': 'article-change-counts' },
          this.t('history.articleHistory.counts', { inserted: change.inserted.toLocaleString(locale), deleted: change.deleted.toLocaleString(locale) }),
        ),
        ' ',
        compare,
      );
    });
    return el(
      'div',
      { 'data-testid': 'article-history' },
      el('h3', {}, this.t('history.articleHistory.title')),
      entries.length > 0 ? el('ol', { class: 'history-article-changes' }, ...entries) : el('p', {}, this.t('history.articleHistory.none')),
    );
  }

  /**
   * Restores one article as it was at the comparison's older point, as a new change by this
   * person; then compares that point with the text as it now is (the article no longer differs).
   */
  private async restore(articleUid: string, label: string): Promise<void> {
    const diff = this.diff;
    if (!diff) return;
    const fromSeq = diff.from.seq;
    const go = await this.confirm.ask({
      title: this.t('history.restore.title', { article: label }),
      body: this.t('history.restore.body', { article: label }),
      quote: null,
      proceed: this.t('history.restore.proceed'),
      cancel: this.t('history.restore.cancel'),
    });
    if (!go) return;
    const errorId = `restore-error-${articleUid}`;
    this.restoreProblem = null;
    this.showProblem(errorId, null);
    try {
      await this.api.restoreArticle(fromSeq, articleUid);
    } catch (error) {
      const wording = this.failure('restore', error, { article: label });
      this.restoreProblem = { articleUid, wording };
      this.showProblem(errorId, wording);
      return;
    }
    this.announcer.announce(this.t('history.restore.done', { article: label }));
    await this.refreshTimeline();
    if (this.timeline) this.compare(fromSeq, this.timeline.current.seq);
  }
}
