/**
 * The auditor dashboard's figures: how many articles have citizen provenance, sources per kind,
 * links per relation, and the petitions by signatures (for the chart with threshold lines), summarised
 * so that the answer stays small however many petitions there are (signatures-summary.ts).
 */
import type { LinkRelation } from '../../shared/provenance/link-types.ts';
import type { ProvenanceReport, SignaturesSummary } from '../../shared/provenance/report-types.ts';
import type { SourceKind } from '../../shared/provenance/source-types.ts';
import type { Answers } from './answer-index.ts';
import type { ArticleInfo } from './live-provenance-view.ts';

export function provenanceReport(
  docId: string,
  articles: readonly ArticleInfo[],
  answers: Answers,
  sourcesPerKind: Record<SourceKind, number>,
  linksPerRelation: Record<LinkRelation, number>,
  petitionsBySignatures: SignaturesSummary,
): ProvenanceReport {
  const numbered = articles.filter((a) => a.kind === 'articulo');
  const transitory = articles.filter((a) => a.kind === 'transitorio');
  const withProvenance = numbered.filter((a) => answers.articles.has(a.uid)).length;
  return {
    docId,
    articles: {
      total: numbered.length,
      withCitizenProvenance: withProvenance,
      share: numbered.length === 0 ? 0 : withProvenance / numbered.length,
      transitorios: { total: transitory.length, withCitizenProvenance: transitory.filter((a) => answers.articles.has(a.uid)).length },
    },
    sourcesPerKind,
    linksPerRelation,
    petitionsBySignatures,
  };
}
