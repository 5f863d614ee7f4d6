/**
 * The history page (`/d/<docId>/history`): the timeline of named versions and days with changes,
 * naming the current text as a version (members), comparing any two points — a changelog of the
 * structure and the text with every added word and every removed word in the colour of the
 * person who did it — and restoring an article as it was (members). Each named version and each day
 * links to its read-only reader; choosing an article shows who wrote what in it and the changes
 * that touched it, each one a comparison away. At the foot, the audit log's
 * event count and head hash, for anyone to note. Every text is escaped (built with text nodes).
 */
import { colorForUser } from '../../shared/auth/user-colors.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import type { Me } from '../session/api-client.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.ts';
import { el } from '../ui/element.ts';
import type { Localizer } from '../ui/i18n.ts';
import { LanguageSwitch } from '../ui/language-switch.ts';
import { StatusAnnouncer } from '../ui/status.ts';
import { AuditBrowser } from './audit-browser.ts';
import { type ArticleEntry, type ArticleHistoryAnswer, type AuditHead, type BlameAnswer, type DiffAnswer, HistoryApi, type Stamp, type Timeline } from './history-api.ts';

interface Point {
  seq: number;
  label: string;
}

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
  private timeline: Timeline | null = null;
  private diff: DiffAnswer | null = null;
  private head: AuditHead | null = null;
  private from: number | null = null;
  private to: number | null = null;
  private error: string | null = null;
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
    private readonly token: string,
  ) {
    this.api = new HistoryApi(docId, token);
    this.language = new LanguageSwitch(i18n);
    this.main = el('main', { class: 'history-main', id: 'history-main', 'data-testid': 'history-main' });
    this.footer = el('footer', { class: 'audit-footer', 'data-testid': 'audit-footer' });
    i18n.onChange(() => this.render());
  }

  async start(): Promise<void> {
    this.render();
    try {
      [this.timeline, this.head, this.articles] = await Promise.all([this.api.timeline(), this.api.auditHead(), this.api.articles()]);
      if (this.me.role === 'auditor' || this.me.role === 'admin') {
        this.auditBrowser = new AuditBrowser(this.i18n, this.token, this.announcer, this.articles, this.head);
        void this.auditBrowser.start();
      }
      const named = this.timeline.named.at(-1);
      this.from = named?.seq ?? this.timeline.daily[0]?.seq ?? 1;
      this.to = this.timeline.current.seq;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
    this.render();
  }

  private t(key: MessageKey, params?: Record<string, string | number>): string {
    return this.i18n.t(key, params);
  }

  private date(at: number | null): string {
    return at === null ? '' : new Date(at).toLocaleString(this.i18n.lang === 'es' ? 'es-MX' : 'en-US', { dateStyle: 'medium', timeStyle: 'short' });
  }

  private person(stamp: Stamp | null | undefined): string {
    if (!stamp) return this.t('history.unknownPerson');
    return this.diff?.people[stamp.userId] ?? stamp.userId;
  }

  /** The points one may compare: named versions, days with changes, and the current text. */
  private points(): Point[] {
    if (!this.timeline) return [];
    const points: Point[] = this.timeline.named.map((v) => ({ seq: v.seq, label: this.t('history.point.named', { name: v.name, date: this.date(v.createdAt) }) }));
    for (const day of this.timeline.daily) points.push({ seq: day.seq, label: this.t('history.point.day', { day: day.day, updates: day.updates }) });
    points.push({ seq: this.timeline.current.seq, label: this.t('history.point.current') });
    // A comparison started from an article's history may be between any two positions: the
    // selects show them, so that they (and "restore as in From") say what is compared.
    for (const seq of [this.from, this.to]) {
      if (seq !== null && !points.some((p) => p.seq === seq)) points.push({ seq, label: this.t('history.point.seq', { seq }) });
    }
    return points.sort((a, b) => a.seq - b.seq);
  }

  private render(): void {
    document.documentElement.lang = this.i18n.lang;
    document.title = `${this.t('history.title')} · Carta`;
    this.language.localize();
    const header = el(
      'header',
      { class: 'history-header' },
      el('a', { class: 'trace-brand', href: '/' }, 'Carta'),
      el('a', { href: this.docId === 'cdmx' ? '/' : `/d/${encodeURIComponent(this.docId)}`, 'data-testid': 'back-to-document' }, this.t('history.back')),
      this.language.element,
    );
    this.main.replaceChildren(...this.sections());
    this.footer.replaceChildren(
      this.head
        ? el(
            'p',
            {},
            this.t('history.audit.head', { count: this.head.count.toLocaleString(this.i18n.lang === 'es' ? 'es-MX' : 'en-US') }),
            ' ',
            el('code', { class: 'audit-hash', title: this.head.hash, 'data-testid': 'audit-head-hash' }, this.head.hash),
          )
        : '',
    );
    if (!this.root.contains(this.main)) this.root.replaceChildren(el('div', { class: 'history-app' }, header, this.main, this.footer, this.announcer.element, this.confirm.element));
    else this.root.querySelector('.history-header')?.replaceWith(header);
  }

  private sections(): HTMLElement[] {
    const out: HTMLElement[] = [el('h1', {}, this.t('history.title'))];
    if (this.error) return [...out, el('p', { role: 'alert', class: 'history-error' }, this.t('history.error', { message: this.error }))];
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
      ),
    );
    const days = timeline.daily.map((day) =>
      el('li', { 'data-testid': 'change-day' }, this.t('history.point.day', { day: day.day, updates: day.updates }), ' · ', this.readLink(day.seq, this.t('history.read.day', { day: day.day }), 'read-day')),
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

  /** A link to the read-only reader of the text at `seq`; `label` (which starts with the visible word) names the version. */
  private readLink(seq: number, label: string, testid: string): HTMLElement {
    return el('a', { href: `/d/${encodeURIComponent(this.docId)}/history/${seq}`, 'aria-label': label, 'data-testid': testid, 'data-seq': seq }, this.t('history.read'));
  }

  private nameForm(): HTMLElement {
    const name = el('input', { id: 'version-name', name: 'name', required: true, maxlength: 200, 'data-testid': 'version-name' });
    const note = el('textarea', { id: 'version-note', name: 'note', maxlength: 5000, rows: 2, 'data-testid': 'version-note' });
    const form = el(
      'form',
      { class: 'history-form', 'aria-labelledby': 'history-name-title' },
      el('h2', { id: 'history-name-title' }, this.t('history.name.title')),
      el('label', { for: 'version-name' }, this.t('history.name.label')),
      name,
      el('label', { for: 'version-note' }, this.t('history.name.note')),
      note,
      el('button', { type: 'submit', class: 'button button-primary', 'data-testid': 'version-save' }, this.t('history.name.save')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.api
        .nameVersion(name.value.trim(), note.value.trim())
        .then(async (version) => {
          this.announcer.announce(this.t('history.name.done', { name: version.name }));
          this.timeline = await this.api.timeline();
          this.render();
        })
        .catch((error: unknown) => this.announcer.announce(this.t('history.error', { message: error instanceof Error ? error.message : String(error) }), true));
    });
    return form;
  }

  private compareForm(): HTMLElement {
    const select = (id: string, value: number | null, testid: string): HTMLSelectElement => {
      const element = el('select', { id, 'data-testid': testid });
      for (const point of this.points()) element.append(el('option', { value: point.seq, selected: point.seq === value }, point.label));
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
      el('button', { type: 'submit', class: 'button button-primary', 'data-testid': 'compare' }, this.t('history.compare.go')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.compare(Number(from.value), Number(to.value));
    });
    return form;
  }

  /** Shows the changes between two log positions in the changes section, and moves the focus there. */
  private compare(fromSeq: number, toSeq: number): void {
    this.from = fromSeq;
    this.to = toSeq;
    void this.api
      .diff(fromSeq, toSeq)
      .then((diff) => {
        this.diff = diff;
        this.render();
        this.announcer.announce(this.t('history.compare.done', { changes: diff.structure.length + diff.blocks.length }));
        document.getElementById('history-changes')?.focus();
      })
      .catch((error: unknown) => this.announcer.announce(this.t('history.error', { message: error instanceof Error ? error.message : String(error) }), true));
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
    if (diff.renumbered.length > 0) entries.push(el('li', { 'data-testid': 'renumbered' }, this.t('history.change.renumbered', { count: diff.renumbered.length })));
    if (diff.links.added.length + diff.links.retired.length > 0) {
      entries.push(el('li', {}, this.t('history.change.links', { added: diff.links.added.length, retired: diff.links.retired.length })));
    }
    const people = Object.entries(diff.people).map(([id, name]) => el('li', {}, el('span', { class: 'history-swatch', style: `background:${colorForUser(id)}`, 'aria-hidden': 'true' }), ` ${name ?? id}`));
    const canRestore = this.me.role === 'member';
    const blocks = diff.blocks.map((block) => {
      const where = block.article ? `${block.article.label} · ${this.kind(block.kind)}` : this.kind(block.kind);
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
      const restore =
        canRestore && block.article
          ? el('button', { type: 'button', class: 'button', 'data-testid': 'restore-article' }, this.t('history.restore', { article: block.article.label }))
          : null;
      restore?.addEventListener('click', () => void this.restore(block.article?.uid ?? '', block.article?.label ?? ''));
      return el('li', { 'data-testid': 'block-change', 'data-change': block.change }, el('h4', {}, where, ' — ', this.t(`history.block.${block.change}` as MessageKey)), text, restore);
    });
    return el(
      'section',
      { 'aria-labelledby': 'history-changes-title', id: 'history-changes', tabindex: '-1', 'data-testid': 'history-changes' },
      el('h2', { id: 'history-changes-title' }, this.t('history.changes', { from: diff.from.seq, to: diff.to.seq })),
      people.length > 0 ? el('ul', { class: 'history-people', 'aria-label': this.t('history.people') }, ...people) : '',
      el('h3', {}, this.t('history.changelog')),
      entries.length > 0 ? el('ul', { class: 'history-changelog', 'data-testid': 'changelog' }, ...entries) : el('p', {}, this.t('history.nochange')),
      el('h3', {}, this.t('history.textchanges')),
      blocks.length > 0 ? el('ol', { class: 'history-blocks' }, ...blocks) : el('p', {}, this.t('history.nochange')),
    );
  }

  /** Who wrote each passage of one article now, each run in its author's colour (from the server's stamps). */
  private blameSection(): HTMLElement {
    const select = el('select', { id: 'blame-article', 'data-testid': 'blame-article' });
    for (const article of this.articles) {
      select.append(el('option', { value: article.uid, selected: article.uid === this.blame?.articleUid }, `${this.kind('articulo')} ${article.num}. ${article.heading}`.slice(0, 120)));
    }
    const form = el(
      'form',
      { class: 'history-form' },
      el('label', { for: 'blame-article' }, this.t('history.blame.article')),
      select,
      el('button', { type: 'submit', class: 'button', 'data-testid': 'blame-show' }, this.t('history.blame.show')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void Promise.all([this.api.blame(select.value), this.api.articleHistory(select.value)])
        .then(([blame, changes]) => {
          this.blame = blame;
          this.articleChanges = changes;
          this.render();
          this.announcer.announce(this.t('history.blame.done'));
        })
        .catch((error: unknown) => this.announcer.announce(this.t('history.error', { message: error instanceof Error ? error.message : String(error) }), true));
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
      ...blocks,
      this.articleChanges && this.articleChanges.articleUid === blame?.articleUid ? this.articleHistoryList(this.articleChanges) : null,
    );
  }

  /** The changes that touched the chosen article, oldest first: who, when, how much, each a comparison away. */
  private articleHistoryList(answer: ArticleHistoryAnswer): HTMLElement {
    const locale = this.i18n.lang === 'es' ? 'es-MX' : 'en-US';
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

  private async restore(articleUid: string, label: string): Promise<void> {
    if (this.from === null) return;
    const go = await this.confirm.ask({
      title: this.t('history.restore.title', { article: label }),
      body: this.t('history.restore.body', { article: label }),
      quote: null,
      proceed: this.t('history.restore.proceed'),
      cancel: this.t('history.restore.cancel'),
    });
    if (!go) return;
    try {
      await this.api.restoreArticle(this.from, articleUid);
      this.announcer.announce(this.t('history.restore.done', { article: label }));
      this.timeline = await this.api.timeline();
      this.to = this.timeline.current.seq;
      this.render();
    } catch (error) {
      this.announcer.announce(this.t('history.error', { message: error instanceof Error ? error.message : String(error) }), true);
    }
  }
}
