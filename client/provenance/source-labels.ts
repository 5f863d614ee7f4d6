/**
 * How a source is named wherever it appears (search results, the provenance panel, the trace
 * pages): its kind, title, signatures, the threshold level it reached, and the "muestra" badge for
 * generated sample data, which must never pass for a real petition. Everything is text nodes.
 */
import type { MessageKey } from '../../shared/i18n/index.ts';
import type { LinkRelation, LinkStatus } from '../../shared/provenance/link-types.ts';
import type { Source, SourceKind, Threshold } from '../../shared/provenance/source-types.ts';
import { el } from '../ui/element.ts';
import type { Localizer } from '../ui/i18n.ts';

export const KIND_LABEL: Record<SourceKind, MessageKey> = {
  petition: 'source.kind.petition',
  survey_theme: 'source.kind.survey_theme',
  meeting: 'source.kind.meeting',
  proposal: 'source.kind.proposal',
  other: 'source.kind.other',
};

export const RELATION_LABEL: Record<LinkRelation, MessageKey> = {
  incorporates: 'relation.incorporates',
  adapts: 'relation.adapts',
  responds_to: 'relation.responds_to',
  declined: 'relation.declined',
};

export const STATUS_LABEL: Record<LinkStatus, MessageKey> = {
  live: 'prov.status.live',
  orphaned: 'prov.status.orphaned',
  retired: 'prov.status.retired',
};

export function formatNumber(i18n: Localizer, value: number): string {
  return new Intl.NumberFormat(i18n.lang === 'es' ? 'es-MX' : 'en-US').format(value);
}

export function formatDate(i18n: Localizer, millis: number): string {
  return new Intl.DateTimeFormat(i18n.lang === 'es' ? 'es-MX' : 'en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(millis));
}

/** The sample-data badge, with its explanation as tooltip and accessible description. */
export function sampleBadge(i18n: Localizer): HTMLElement {
  return el('span', { class: 'badge badge-sample', title: i18n.t('source.sample.title'), 'data-testid': 'sample-badge' }, i18n.t('source.sample'));
}

export function kindBadge(i18n: Localizer, kind: SourceKind): HTMLElement {
  return el('span', { class: `badge badge-kind kind-${kind}` }, i18n.t(KIND_LABEL[kind]));
}

/**
 * The threshold level reached, as words and a colour (colour alone would not do): "Umbral 3" on
 * the level's own colour, or "Sin umbral".
 */
export function levelBadge(i18n: Localizer, level: number, thresholds: readonly Threshold[] = []): HTMLElement {
  const clamped = Math.max(0, Math.min(3, level));
  const threshold = thresholds.find((t) => t.level === level);
  return el(
    'span',
    {
      class: `badge badge-level level-${clamped}`,
      'data-level': String(level),
      title: threshold ? i18n.t('source.level.title', { level, consequence: threshold.consequence[i18n.lang] }) : null,
    },
    level > 0 ? i18n.t('source.level', { level }) : i18n.t('source.level.none'),
  );
}

/** Only web addresses become links; anything else an import carried stays text. */
export function safeHref(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** The page of a source. */
export function sourcePath(id: string): string {
  return `/sources/${encodeURIComponent(id)}`;
}

/** The line under a source's title: kind, sample badge, signatures and level for petitions. */
export function sourceFacts(i18n: Localizer, source: Source, level: number, thresholds: readonly Threshold[] = []): HTMLElement {
  return el(
    'span',
    { class: 'source-facts' },
    kindBadge(i18n, source.kind),
    source.sample ? sampleBadge(i18n) : null,
    source.kind === 'petition' ? el('span', { class: 'source-signatures' }, i18n.t('source.signatures', { count: formatNumber(i18n, source.details.signatures) })) : null,
    source.kind === 'petition' ? levelBadge(i18n, level, thresholds) : null,
  );
}
