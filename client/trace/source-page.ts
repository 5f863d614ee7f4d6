/**
 * `/sources/<id>`: what a source asked for (summary, signatures, the thresholds it reached and what
 * each obliged, or the survey theme's question and responses, or the meeting's minutes), and every
 * article and passage linked to it, with who linked it and why (and, for a retired link, who
 * retired it, when and why). Links go to the editor at that article. Imported text is shown as
 * text; only http(s) addresses become links. Sections an import left empty are left out, and an
 * address that cannot name a source shows the same "not found" page as an unknown source.
 */
import type { ResolvedLink } from '../../shared/provenance/link-types.ts';
import type { Source, Threshold } from '../../shared/provenance/source-types.ts';
import { ApiError } from '../session/api-client.ts';
import type { ProvenanceApi, SourceTrace } from '../provenance/provenance-api.ts';
import { formatDate, formatNumber, RELATION_LABEL, safeHref, sampleBadge, sourceFacts, STATUS_LABEL } from '../provenance/source-labels.ts';
import { el } from '../ui/element.ts';
import type { Localizer } from '../ui/i18n.ts';
import { errorText } from './error-text.ts';
import { editorPathAt } from './trace-route.ts';
import type { TracePage } from './trace-shell.ts';

export class SourcePage implements TracePage {
  private trace: SourceTrace | null = null;
  private thresholds: Threshold[] = [];
  private error: ApiError | null = null;

  constructor(
    private readonly i18n: Localizer,
    private readonly api: ProvenanceApi,
    /** null: the address names no source (it could not be decoded, or is too long). */
    private readonly id: string | null,
  ) {}

  async load(): Promise<void> {
    if (this.id === null) {
      this.error = new ApiError('not-found', 404, 'not a source address');
      return;
    }
    try {
      const [trace, thresholds] = await Promise.all([this.api.source(this.id), this.api.thresholds().catch(() => [])]);
      this.trace = trace;
      this.thresholds = thresholds;
    } catch (error) {
      this.error = error instanceof ApiError ? error : new ApiError('network', 0, String(error));
    }
  }

  title(): string {
    if (this.trace) return this.trace.source.title;
    return this.error?.id === 'not-found' ? this.i18n.t('source.notFound.title') : this.i18n.t('sources.title');
  }

  render(main: HTMLElement): void {
    const t = this.i18n.t.bind(this.i18n);
    const back = el('p', {}, el('a', { href: '/sources' }, t('source.back')));
    if (!this.trace) {
      if (this.error?.id === 'not-found') {
        main.replaceChildren(back, el('h1', { 'data-testid': 'source-not-found' }, t('source.notFound.title')), el('p', {}, t('source.notFound')));
      } else {
        main.replaceChildren(back, el('p', { class: 'dialog-error', role: 'alert' }, errorText(this.i18n, this.error)));
      }
      return;
    }
    const { source, level, links } = this.trace;
    const href = safeHref(source.url);
    const original = href ? el('p', {}, el('a', { href, rel: 'noopener noreferrer nofollow', target: '_blank' }, t('source.original'))) : null;
    const parts: Array<HTMLElement | null> = [
      back,
      el('h1', { 'data-testid': 'source-title' }, source.title),
      sourceFacts(this.i18n, source, level, this.thresholds),
      source.sample ? el('p', { class: 'trace-note', 'data-testid': 'source-sample-note' }, sampleBadge(this.i18n), ' ', t('source.sample.title')) : null,
      hasText(source.summary) ? el('section', { class: 'trace-section' }, el('h2', {}, t('source.summary')), el('p', { class: 'source-summary' }, source.summary), original) : original,
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
        hasText(d.organiser) ? el('p', {}, t('source.meeting.organiser', { organiser: d.organiser })) : null,
        hasText(d.place) ? el('p', {}, t('source.meeting.place', { place: d.place })) : null,
        hasText(d.topic) ? el('p', {}, t('source.meeting.topic', { topic: d.topic })) : null,
        d.attendees !== null ? el('p', {}, t('source.meeting.attendees', { count: formatNumber(this.i18n, d.attendees) })) : null,
        hasText(d.minutes) ? el('h3', {}, t('source.meeting.minutes')) : null,
        hasText(d.minutes) ? el('p', { class: 'source-minutes', lang: 'es' }, d.minutes) : null,
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
      link.retired
        ? el('p', { class: 'prov-retired muted', 'data-testid': 'source-link-retired' }, t('source.link.retired', { name: link.retired.by.name, date: formatDate(this.i18n, link.retired.at), reason: link.retired.reason }))
        : null,
    );
  }
}

/** True when an imported field says something (not empty, not only spaces). */
function hasText(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
