/**
 * `/auditor`: the dashboard. For each threshold, how many petitions reached it and how many of them
 * have linked text, with the commitments not yet honoured and the honoured ones listed a page at a
 * time; the share of articles with citizen provenance, sources per kind and links per relation;
 * and the chart of petitions by signatures with the threshold lines, with its figures in words and
 * its petitions as a paged table for screen readers and for checking. Nothing here grows with the
 * number of petitions: the server sends counts, pages and the chart's summary.
 */
import { LINK_RELATIONS } from '../../shared/provenance/link-types.ts';
import type { CommitmentLevel, CommitmentsReport, PetitionEntry, PetitionList, ProvenanceReport } from '../../shared/provenance/report-types.ts';
import { SOURCE_KINDS } from '../../shared/provenance/source-types.ts';
import { DEFAULT_DOC_ID } from '../session/document-route.ts';
import { formatNumber, KIND_LABEL, levelBadge, RELATION_LABEL, sampleBadge, sourcePath } from '../provenance/source-labels.ts';
import { el } from '../ui/element.ts';
import type { Localizer } from '../ui/i18n.ts';
import { errorText } from './error-text.ts';
import { type Page, PagedList } from './paged-list.ts';
import type { ReportApi } from './report-api.ts';
import { signaturesChart } from './signatures-chart.ts';
import { editorPathAt } from './trace-route.ts';
import type { TracePage } from './trace-shell.ts';

/** Rows of the chart's table per page. */
const TABLE_PAGE = 25;

type TableState = { kind: 'closed' } | { kind: 'loading' } | { kind: 'failed'; error: unknown } | { kind: 'ready'; rows: PagedList<PetitionEntry> };

export class AuditorPage implements TracePage {
  private commitments: CommitmentsReport | null = null;
  private report: ProvenanceReport | null = null;
  private error: unknown = null;
  /** The commitments lists by `level/list`, holding every page read so far. */
  private readonly lists = new Map<string, PagedList<PetitionEntry>>();
  private table: TableState = { kind: 'closed' };
  private tableOpen = false;
  private main: HTMLElement | null = null;

  constructor(
    private readonly i18n: Localizer,
    private readonly api: ReportApi,
    private readonly docId: string = DEFAULT_DOC_ID,
  ) {}

  async load(): Promise<void> {
    try {
      [this.commitments, this.report] = await Promise.all([this.api.commitments(this.docId), this.api.provenance(this.docId)]);
      for (const level of this.commitments.thresholds) {
        for (const list of ['notHonoured', 'honoured'] as const) this.lists.set(`${level.level}/${list}`, new PagedList(asPage(level[list]), (after) => this.petitions(level.level, list, after)));
      }
    } catch (error) {
      this.error = error;
    }
  }

  title(): string {
    return this.i18n.t('auditor.title');
  }

  render(main: HTMLElement): void {
    this.main = main;
    const t = this.i18n.t.bind(this.i18n);
    const head = [el('h1', {}, t('auditor.title')), el('p', { class: 'trace-intro' }, t('auditor.intro'))];
    if (!this.commitments || !this.report) {
      main.replaceChildren(...head, el('p', { class: 'dialog-error', role: 'alert' }, t('auditor.error', { message: errorText(this.i18n, this.error) })));
      return;
    }
    const report = this.report;
    const percent = new Intl.NumberFormat(this.i18n.lang === 'es' ? 'es-MX' : 'en-US', { style: 'percent', maximumFractionDigits: 1 }).format(report.articles.share);
    main.replaceChildren(
      ...head,
      el('p', { class: 'trace-note' }, t('trace.sampleNotice')),
      el(
        'div',
        { class: 'dashboard-figures' },
        el(
          'section',
          { class: 'figure-card', 'data-testid': 'auditor-share' },
          el('h2', {}, t('auditor.share')),
          el('p', { class: 'figure-big' }, percent),
          el('p', {}, t('auditor.share.value', { count: report.articles.withCitizenProvenance, total: report.articles.total, percent })),
        ),
        el(
          'section',
          { class: 'figure-card', 'data-testid': 'auditor-kinds' },
          el('h2', {}, t('auditor.kinds')),
          el('table', { class: 'figure-table' }, el('tbody', {}, ...SOURCE_KINDS.map((kind) => el('tr', {}, el('th', { scope: 'row' }, t(KIND_LABEL[kind])), el('td', { class: 'number' }, this.number(report.sourcesPerKind[kind] ?? 0)))))),
        ),
        el(
          'section',
          { class: 'figure-card' },
          el('h2', {}, t('auditor.relations')),
          el('table', { class: 'figure-table' }, el('tbody', {}, ...LINK_RELATIONS.map((relation) => el('tr', {}, el('th', { scope: 'row' }, t(RELATION_LABEL[relation])), el('td', { class: 'number' }, this.number(report.linksPerRelation[relation] ?? 0)))))),
        ),
      ),
      this.chartSection(report, this.commitments),
      this.commitmentsSection(this.commitments),
    );
  }

  private number(value: number): string {
    return formatNumber(this.i18n, value);
  }

  private async petitions(minLevel: number, list: PetitionList, after: string, limit?: number): Promise<Page<PetitionEntry>> {
    return asPage(await this.api.petitions({ docId: this.docId, minLevel, list, after, ...(limit ? { limit } : {}) }));
  }

  private chartSection(report: ProvenanceReport, commitments: CommitmentsReport): HTMLElement {
    const t = this.i18n.t.bind(this.i18n);
    const summary = report.petitionsBySignatures;
    const rest = summary.bins.reduce((sum, bin) => sum + bin.count, 0);
    // The chart in words: what it shows, short whatever the number of petitions.
    const words = [
      t('auditor.chart.summary', { total: this.number(summary.total), linked: this.number(summary.linked) }),
      ...[...commitments.thresholds]
        .sort((a, b) => a.level - b.level)
        .map((level) => t('auditor.chart.summary.level', { level: level.level, signatures: this.number(level.signatures), reached: this.number(level.reached), linked: this.number(level.honoured.total) })),
      summary.zero > 0 ? t('auditor.chart.summary.zero', { count: this.number(summary.zero) }) : '',
      rest > 0 ? t('auditor.chart.summary.grouped', { points: this.number(summary.points.length), rest: this.number(rest) }) : '',
    ].filter((sentence) => sentence !== '');
    const details = el('details', { class: 'chart-table', open: this.tableOpen }, el('summary', {}, t('auditor.chart.table')), this.tableBody());
    details.addEventListener('toggle', () => {
      this.tableOpen = details.open;
      if (details.open && this.table.kind === 'closed') void this.openTable();
    });
    return el(
      'section',
      { class: 'trace-section chart-section', 'data-testid': 'auditor-chart' },
      el('h2', {}, t('auditor.chart.title')),
      el('p', { class: 'muted' }, t('auditor.chart.desc'), rest > 0 ? ` ${t('auditor.chart.desc.grouped')}` : ''),
      el('div', { class: 'chart-frame' }, signaturesChart(this.i18n, summary, { title: 'chart-title', description: 'chart-summary' })),
      el('p', { class: 'chart-summary', id: 'chart-summary', 'data-testid': 'chart-summary' }, words.join(' ')),
      details,
    );
  }

  private async openTable(): Promise<void> {
    this.table = { kind: 'loading' };
    this.redrawTable();
    try {
      const first = await this.api.petitions({ docId: this.docId, minLevel: 0, list: 'all', limit: TABLE_PAGE });
      this.table = { kind: 'ready', rows: new PagedList(asPage(first), (after) => this.petitions(0, 'all', after, TABLE_PAGE)) };
    } catch (error) {
      this.table = { kind: 'failed', error };
    }
    this.redrawTable();
  }

  private redrawTable(): void {
    this.main?.querySelector('[data-testid="chart-table-body"]')?.replaceWith(this.tableBody());
  }

  /** The paged table of every petition, read when the reader opens it. */
  private tableBody(): HTMLElement {
    const t = this.i18n.t.bind(this.i18n);
    const holder = el('div', { 'data-testid': 'chart-table-body' });
    const state = this.table;
    if (state.kind === 'closed' || state.kind === 'loading') {
      holder.append(el('p', { class: 'muted', role: 'status' }, state.kind === 'loading' ? t('trace.loading') : ''));
      return holder;
    }
    if (state.kind === 'failed') {
      holder.append(el('p', { class: 'dialog-error', role: 'alert' }, errorText(this.i18n, state.error)));
      return holder;
    }
    const rows = state.rows;
    const caption = el('caption', {});
    const setCaption = (): void => {
      caption.textContent = t('auditor.chart.table.caption', { shown: this.number(rows.items.length), total: this.number(rows.total) });
    };
    setCaption();
    const body = el('tbody', {});
    const controls = rows.render(this.i18n, { list: body, item: (p) => this.tableRow(p), onGrow: setCaption, testId: 'chart-table-more' });
    holder.append(
      el(
        'table',
        { class: 'figure-table petition-table', 'data-testid': 'chart-table' },
        caption,
        el('thead', {}, el('tr', {}, ...(['auditor.chart.col.petition', 'auditor.chart.col.signatures', 'auditor.chart.col.level', 'auditor.chart.col.linked'] as const).map((key) => el('th', { scope: 'col' }, t(key))))),
        body,
      ),
      controls,
    );
    return holder;
  }

  private tableRow(p: PetitionEntry): HTMLElement {
    const t = this.i18n.t.bind(this.i18n);
    return el(
      'tr',
      {},
      el('td', {}, el('a', { href: sourcePath(p.id) }, p.title), p.sample ? ' ' : null, p.sample ? sampleBadge(this.i18n) : null),
      el('td', { class: 'number' }, this.number(p.signatures)),
      el('td', {}, levelBadge(this.i18n, p.level)),
      el('td', {}, p.linked ? t('auditor.yes') : t('auditor.no')),
    );
  }

  private commitmentsSection(commitments: CommitmentsReport): HTMLElement {
    const t = this.i18n.t.bind(this.i18n);
    const levels = [...commitments.thresholds].sort((a, b) => b.level - a.level);
    return el('section', { class: 'trace-section', 'data-testid': 'auditor-commitments' }, el('h2', {}, t('auditor.commitments')), ...levels.map((level) => this.levelSection(level)));
  }

  private levelSection(level: CommitmentLevel): HTMLElement {
    const t = this.i18n.t.bind(this.i18n);
    const list = (which: 'notHonoured' | 'honoured'): HTMLElement[] => {
      const paged = this.lists.get(`${level.level}/${which}`);
      if (!paged) return [];
      const ul = el('ul', { class: 'commitment-list' });
      const controls = paged.render(this.i18n, { list: ul, item: (p) => this.entry(p, which === 'honoured'), testId: `more-${which}`, describedBy: `level-${level.level} ${which}-${level.level}` });
      return [ul, controls];
    };
    // The heading reads "Umbral 3 50,000 signatures or more": the level once, as words on its colour.
    return el(
      'section',
      { class: 'commitment-level', 'data-level': String(level.level) },
      el('h3', { id: `level-${level.level}` }, el('span', { class: `badge badge-level level-${Math.max(0, Math.min(3, level.level))}` }, t('source.level', { level: level.level })), ' ', t('auditor.threshold.signatures', { signatures: this.number(level.signatures) })),
      el('p', { class: 'muted' }, level.consequence[this.i18n.lang]),
      el('p', {}, t('auditor.threshold.summary', { reached: this.number(level.reached), honoured: this.number(level.honoured.total), pending: this.number(level.notHonoured.total) })),
      el('h4', { id: `notHonoured-${level.level}` }, t('auditor.pending')),
      ...(level.notHonoured.total === 0 ? [el('p', { class: 'muted' }, t('auditor.pending.none'))] : list('notHonoured')),
      ...(level.honoured.total > 0 ? [el('h4', { id: `honoured-${level.level}` }, t('auditor.honoured')), ...list('honoured')] : []),
    );
  }

  private entry(petition: PetitionEntry, withArticles: boolean): HTMLElement {
    const t = this.i18n.t.bind(this.i18n);
    return el(
      'li',
      { 'data-testid': withArticles ? 'honoured' : 'not-honoured' },
      el('a', { href: sourcePath(petition.id) }, petition.title),
      ' ',
      el('span', { class: 'source-signatures' }, t('source.signatures', { count: this.number(petition.signatures) })),
      petition.sample ? ' ' : null,
      petition.sample ? sampleBadge(this.i18n) : null,
      withArticles && petition.articles.length > 0 ? ' — ' : null,
      ...(withArticles
        ? petition.articles.flatMap((article, i) => [i > 0 ? ', ' : '', el('a', { href: editorPathAt(article.docId, article.uid) }, t('source.link.article', { num: article.num ?? '?' }))])
        : []),
    );
  }
}

function asPage(page: { petitions: PetitionEntry[]; total: number; next: string | null }): Page<PetitionEntry> {
  return { items: page.petitions, total: page.total, next: page.next };
}
