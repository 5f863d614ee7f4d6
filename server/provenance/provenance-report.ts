/**
 * The auditor dashboard's figures: how many articles have citizen provenance, sources per kind,
 * links per relation and status, and the petitions by signatures (for the chart with threshold lines).
 */
import type { LinkRelation, LinkStatus, ResolvedLink } from '../../shared/provenance/link-types.ts';
import { LINK_RELATIONS } from '../../shared/provenance/link-types.ts';
import type { SourceKind, Threshold } from '../../shared/provenance/source-types.ts';
import type { ArticleInfo } from './live-provenance-view.ts';
import type { PetitionSummary } from './petition-list.ts';

export interface ProvenanceReport {
  docId: string;
  articles: {
    /** Numbered articles (transitory articles are counted apart). */
    total: number;
    /** Numbered articles with at least one live link that is not `declined`. */
    withCitizenProvenance: number;
    /** withCitizenProvenance / total (0 when there are no articles). */
    share: number;
    transitorios: { total: number; withCitizenProvenance: number };
  };
  sourcesPerKind: Record<SourceKind, number>;
  /** Non-retired links. */
  linksPerRelation: Record<LinkRelation, number>;
  linksPerStatus: Record<LinkStatus, number>;
  petitionsBySignatures: { thresholds: Threshold[]; petitions: Array<PetitionSummary & { linked: boolean }> };
}

export function provenanceReport(
  docId: string,
  articles: readonly ArticleInfo[],
  links: readonly ResolvedLink[],
  sourcesPerKind: Record<SourceKind, number>,
  thresholds: readonly Threshold[],
  petitions: readonly PetitionSummary[],
): ProvenanceReport {
  const provenanced = new Set<string>();
  const answered = new Set<string>();
  const linksPerRelation = Object.fromEntries(LINK_RELATIONS.map((r) => [r, 0])) as Record<LinkRelation, number>;
  const linksPerStatus: Record<LinkStatus, number> = { live: 0, orphaned: 0, retired: 0 };
  for (const link of links) {
    linksPerStatus[link.status]++;
    if (link.status === 'retired') continue;
    linksPerRelation[link.relation]++;
    if (link.status === 'live' && link.relation !== 'declined') {
      provenanced.add(link.articleUid);
      answered.add(link.sourceId);
    }
  }
  const numbered = articles.filter((a) => a.kind === 'articulo');
  const transitory = articles.filter((a) => a.kind === 'transitorio');
  const withProvenance = numbered.filter((a) => provenanced.has(a.uid)).length;
  return {
    docId,
    articles: {
      total: numbered.length,
      withCitizenProvenance: withProvenance,
      share: numbered.length === 0 ? 0 : withProvenance / numbered.length,
      transitorios: { total: transitory.length, withCitizenProvenance: transitory.filter((a) => provenanced.has(a.uid)).length },
    },
    sourcesPerKind,
    linksPerRelation,
    linksPerStatus,
    petitionsBySignatures: { thresholds: [...thresholds], petitions: petitions.map((p) => ({ ...p, linked: answered.has(p.id) })) },
  };
}
