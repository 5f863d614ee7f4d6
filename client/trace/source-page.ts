/**
 * `/sources/<id>`: what a source asked for (summary, signatures, the thresholds it reached and what
 * each obliged, or the survey theme's question and responses, or the meeting's minutes), and every
 * article and passage linked to it, with who linked it and why. Links go to the editor at that
 * article. Imported text is shown as text; only http(s) addresses become links.
 */
import type { ResolvedLink } from '../../shared/provenance/link-types.ts';
import type { Source, Threshold } from '../../shared/provenance/source-types.ts';
import { ApiError } from '../session/api-client.ts';
import type { ProvenanceApi, SourceTrace } from '../provenance/provenance-api.ts';
import { formatDate, formatNumber, RELATION_LABEL, safeHref, sampleBadge, sourceFacts, STATUS_LABEL } from '../provenance/source-labels.ts';
import { el } from '../ui/element.ts';
import type { Localizer } from '../ui/i18n.ts';
import { editorPathAt } from './trace-route.ts';
import type { TracePage } from './trace-shell.ts';

export class SourcePage implements TracePage {
  private trace: SourceTrace | null = null;
  private thresholds: Threshold[] = [];
  private error: ApiError | null = null;

  constructor(
    private readonly i18n: Localizer,
    private readonly api: ProvenanceApi,
    private readonly id: string,
  ) {}

  async load(): Promise<void> {
    try {
      const [trace, thresholds] = await Promise.all([this.api.source(this.id), this.api.thresholds().catch(() => [])]);
      this.trace = trace;
      this.thresholds = thresholds;
    } catch (error) {
      this.error = error instanceof ApiError ? error : new ApiError('network', 0, String(error));
    }
  }

  title(): string {
    return this.trace?.source.title ?? this.i18n.t('sources.title');
  }

  render(main: HTMLElement): void {
    const t = this.i18n.t.bind(this.i18n);
    const back = el('p', {}, el('a', { href: '/sources' }, t('source.back')));
    if (!this.trace) {
      const message = this.error?.id === 'not-found' ? t('source.notFound') : t('sources.error', { message: this.error?.message ?? '' });
      main.replaceChildren(back, el('p', { class: 'dialog-error', role: 'alert' }, message));
      return;
    }
    const { source, level, links } = this.trace;
    const href = safeHref(source.url);
    const parts: Array<HTMLElement | null> = [
      back,
      el('h1', { 'data-testid': 'source-title' }, source.title),
      sourceFacts(this.i18n, source, level, this.thresholds),
      source.sample ? el('p', { class: 'trace-note', 'data-testid': 'source-sample-note' }, sampleBadge(this.i18n), ' ', t('source.sample.title')) : null,
      el('section', { class: 'trace-section' }, el('h2', {}, t('source.summary')), el('p', { class: 'source-summary' }, source.summary), href ? el('p', {}, el('a', { href, rel: 'noopener noreferrer nofollow', target: '_blank' }, t('source.original'))) : null),
      this.details(source),
      source.kind === 'petition' ? this.thresholdsSection(source.details.signatures) : null,
      el(
        'section',
        { class: 'trace-section', 'data-testid': 'source-links' },
        el('h2', {}, t('source.links')),
        links.length === 0 ? el('p', { class: 'muted' }, t('source.links.none')) : el('ul', { class: 'prov-list' }, ...links.map((link) => this.linkItem(link))),
      ),
    ];
    main.replaceChildren(...parts.filter((part): part is HTMLElement => part !== null));
  }

  private details(source: Source): HTMLElement | null {
    const t = this.i18n.t.bind(this.i18n);
    const rows: Array<HTMLElement | null> = [];
    if (source.kind === 'petition') {
      if (source.details.openedOn) rows.push(el('p', {}, t('source.openedOn', { date: source.details.openedOn })));
    } else if (source.kind === 'survey_theme') {
      const d = source.details;
      rows.push(el('p', {}, t('source.theme', { theme: d.theme })), el('p', {}, t('source.question', { question: d.question })));
      if (d.responses !== null) rows.push(el('p', {}, t('source.responses', { count: formatNumber(this.i18n, d.responses) })));
      if (d.sampleResponses.length > 0) rows.push(el('h3', {}, t('source.sampleResponses')), el('ul', {}, ...d.sampleResponses.map((r) => el('li', { lang: 'es' }, r))));
    } else if (source.kind === 'meeting') {
      const d = source.details;
      rows.push(
        el('p', {}, t('source.meeting.date', { date: d.date })),
        el('p', {}, t('source.meeting.organiser', { organiser: d.organiser })),
        el('p', {}, t('source.meeting.place', { place: d.place })),
        el('p', {}, t('source.meeting.topic', { topic: d.topic })),
        d.attendees !== null ? el('p', {}, t('source.meeting.attendees', { count: formatNumber(this.i18n, d.attendees) })) : null,
        el('h3', {}, t('source.meeting.minutes')),
        el('p', { class: 'source-minutes', lang: 'es' }, d.minutes),
      );
    }
    if (rows.length === 0) return null;
    return el('section', { class: 'trace-section' }, el('h2', {}, t('source.details')), ...rows);
  }

  private thresholdsSection(signatures: number): HTMLElement {
    const t = this.i18n.t.bind(this.i18n);
    const sorted = [...this.thresholds].sort((a, b) => a.level - b.level);
    return el(
      'section',
      { class: 'trace-section', 'data-testid': 'source-thresholds' },
      el('h2', {}, t('source.thresholds')),
      el(
        'ul',
        { class: 'threshold-list' },
        ...sorted.map((threshold) => {
          const reached = signatures >= threshold.signatures;
          return el(
            'li',
            { class: reached ? 'threshold-reached' : 'threshold-not-reached', 'data-reached': String(reached) },
            el('span', { class: `badge badge-level level-${reached ? Math.min(3, threshold.level) : 0}` }, reached ? t('source.threshold.reached') : t('source.threshold.notReached')),
            ' ',
            t('source.threshold.row', { level: threshold.level, signatures: formatNumber(this.i18n, threshold.signatures), consequence: threshold.consequence[this.i18n.lang] }),
          );
        }),
      ),
    );
  }

  private linkItem(link: ResolvedLink): HTMLElement {
    const t = this.i18n.t.bind(this.i18n);
    const article = link.article ? `${t('source.link.article', { num: link.article.num })}. ${link.article.heading}` : t('source.link.goneArticle');
    const quote = link.anchor ? (link.status === 'live' ? (link.text ?? link.anchor.quote) : link.anchor.quote) : null;
    return el(
      'li',
      { class: 'prov-entry', 'data-testid': 'source-link', 'data-status': link.status },
      link.article ? el('a', { href: editorPathAt(link.docId, link.articleUid), class: 'prov-source-title', 'data-testid': 'source-link-article' }, article) : el('span', { class: 'prov-source-title' }, article),
      el('p', { class: 'prov-relation' }, el('span', { class: `badge badge-relation relation-${link.relation}` }, t(RELATION_LABEL[link.relation])), ' ', el('span', { class: 'prov-status' }, t(STATUS_LABEL[link.status]))),
      quote !== null
        ? el('blockquote', { class: link.status === 'live' ? 'prov-quote' : 'prov-quote prov-quote-orphaned', lang: 'es', 'data-testid': 'source-link-quote' }, quote)
        : el('p', { class: 'prov-scope' }, t('prov.wholeArticle')),
      el('p', { class: 'prov-rationale' }, el('span', { class: 'prov-label' }, t('prov.rationale')), ' ', link.rationale),
      el('p', { class: 'prov-byline muted' }, t('prov.linkedBy', { name: link.createdBy.name, date: formatDate(this.i18n, link.createdAt) })),
      link.retired ? el('p', { class: 'muted' }, `${t('prov.status.retired')}: ${link.retired.reason}`) : null,
    );
  }
}
