/**
 * `/auditor`: the dashboard. Petitions over each threshold with and without linked text (the
 * commitments not yet honoured are listed), the share of articles with citizen provenance, sources
 * per kind and links per relation, and the chart of petitions by signatures with the threshold
 * lines — with the same data as a table for screen readers and for checking.
 */
import { LINK_RELATIONS } from '../../shared/provenance/link-types.ts';
import { SOURCE_KINDS } from '../../shared/provenance/source-types.ts';
import { DEFAULT_DOC_ID } from '../session/document-route.ts';
import type { CommitmentEntry, CommitmentsReport, ProvenanceApi, ProvenanceReport } from '../provenance/provenance-api.ts';
import { formatNumber, KIND_LABEL, levelBadge, RELATION_LABEL, sampleBadge, sourcePath } from '../provenance/source-labels.ts';
import { el } from '../ui/element.ts';
import type { Localizer } from '../ui/i18n.ts';
import { signaturesChart } from './signatures-chart.ts';
import { editorPathAt } from './trace-route.ts';
import type { TracePage } from './trace-shell.ts';

export class AuditorPage implements TracePage {
  private commitments: CommitmentsReport | null = null;
  private report: ProvenanceReport | null = null;
  private error: string | null = null;

  constructor(
    private readonly i18n: Localizer,
    private readonly api: ProvenanceApi,
    private readonly docId: string = DEFAULT_DOC_ID,
  ) {}

  async load(): Promise<void> {
    try {
      [this.commitments, this.report] = await Promise.all([this.api.commitments(this.docId), this.api.provenanceReport(this.docId)]);
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  title(): string {
    return this.i18n.t('auditor.title');
  }

  render(main: HTMLElement): void {
    const t = this.i18n.t.bind(this.i18n);
    const head = [el('h1', {}, t('auditor.title')), el('p', { class: 'trace-intro' }, t('auditor.intro'))];
    if (!this.commitments || !this.report) {
      main.replaceChildren(...head, el('p', { class: 'dialog-error', role: 'alert' }, t('auditor.error', { message: this.error ?? '' })));
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
          el('table', { class: 'figure-table' }, el('tbody', {}, ...SOURCE_KINDS.map((kind) => el('tr', {}, el('th', { scope: 'row' }, t(KIND_LABEL[kind])), el('td', {}, formatNumber(this.i18n, report.sourcesPerKind[kind] ?? 0)))))),
        ),
        el(
          'section',
          { class: 'figure-card' },
          el('h2', {}, t('auditor.relations')),
          el('table', { class: 'figure-table' }, el('tbody', {}, ...LINK_RELATIONS.map((relation) => el('tr', {}, el('th', { scope: 'row' }, t(RELATION_LABEL[relation])), el('td', {}, formatNumber(this.i18n, report.linksPerRelation[relation] ?? 0)))))),
        ),
      ),
      this.chartSection(report),
      this.commitmentsSection(this.commitments),
    );
  }

  private chartSection(report: ProvenanceReport): HTMLElement {
    const t = this.i18n.t.bind(this.i18n);
    const { petitions, thresholds } = report.petitionsBySignatures;
    const sorted = [...petitions].sort((a, b) => b.signatures - a.signatures);
    return el(
      'section',
      { class: 'trace-section chart-section', 'data-testid': 'auditor-chart' },
      el('h2', {}, t('auditor.chart.title')),
      el('p', { class: 'muted' }, t('auditor.chart.desc')),
      el('div', { class: 'chart-frame' }, signaturesChart(this.i18n, petitions, thresholds)),
      el(
        'details',
        { class: 'chart-table' },
        el('summary', {}, t('auditor.chart.table')),
        el(
          'table',
          { class: 'figure-table', 'data-testid': 'chart-table' },
          el('caption', { class: 'visually-hidden' }, t('auditor.chart.title')),
          el(
            'thead',
            {},
            el('tr', {}, ...(['auditor.chart.col.petition', 'auditor.chart.col.signatures', 'auditor.chart.col.level', 'auditor.chart.col.linked'] as const).map((key) => el('th', { scope: 'col' }, t(key)))),
          ),
          el(
            'tbody',
            {},
            ...sorted.map((p) =>
              el(
                'tr',
                {},
                el('td', {}, el('a', { href: sourcePath(p.id) }, p.title), p.sample ? ' ' : null, p.sample ? sampleBadge(this.i18n) : null),
                el('td', { class: 'number' }, formatNumber(this.i18n, p.signatures)),
                el('td', {}, levelBadge(this.i18n, p.level, thresholds)),
                el('td', {}, p.linked ? t('auditor.yes') : t('auditor.no')),
              ),
            ),
          ),
        ),
      ),
    );
  }

  private commitmentsSection(commitments: CommitmentsReport): HTMLElement {
    const t = this.i18n.t.bind(this.i18n);
    const levels = [...commitments.thresholds].sort((a, b) => b.level - a.level);
    const entry = (petition: CommitmentEntry, withArticles: boolean): HTMLElement =>
      el(
        'li',
        { 'data-testid': withArticles ? 'honoured' : 'not-honoured' },
        el('a', { href: sourcePath(petition.id) }, petition.title),
        ' ',
        el('span', { class: 'source-signatures' }, t('source.signatures', { count: formatNumber(this.i18n, petition.signatures) })),
        petition.sample ? ' ' : null,
        petition.sample ? sampleBadge(this.i18n) : null,
        withArticles && petition.articles.length > 0 ? ' — ' : null,
        ...(withArticles
          ? petition.articles.flatMap((article, i) => [i > 0 ? ', ' : '', el('a', { href: editorPathAt(commitments.docId ?? this.docId, article.uid) }, t('source.link.article', { num: article.num ?? '?' }))])
          : []),
      );
    return el(
      'section',
      { class: 'trace-section', 'data-testid': 'auditor-commitments' },
      el('h2', {}, t('auditor.commitments')),
      ...levels.map((level) =>
        el(
          'section',
          { class: 'commitment-level', 'data-level': String(level.level) },
          el('h3', {}, levelBadge(this.i18n, level.level, commitments.thresholds), ' ', t('auditor.threshold.heading', { level: level.level, signatures: formatNumber(this.i18n, level.signatures) })),
          el('p', { class: 'muted' }, level.consequence[this.i18n.lang]),
          el('p', {}, t('auditor.threshold.summary', { reached: level.reached, honoured: level.honoured.length, pending: level.notHonoured.length })),
          el('h4', {}, t('auditor.pending')),
          level.notHonoured.length === 0 ? el('p', { class: 'muted' }, t('auditor.pending.none')) : el('ul', { class: 'commitment-list' }, ...level.notHonoured.map((p) => entry(p, false))),
          level.honoured.length > 0 ? el('h4', {}, t('auditor.honoured')) : null,
          level.honoured.length > 0 ? el('ul', { class: 'commitment-list' }, ...level.honoured.map((p) => entry(p, true))) : null,
        ),
      ),
    );
  }
}
