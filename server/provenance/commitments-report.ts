/**
 * "Commitments not yet honoured": for each signature threshold of the process, the petitions that
 * reached it, split into those the text answers (at least one live, non-retired link whose relation
 * is not `declined`) and those it does not. A link whose passage was deleted does not count: an
 * orphaned answer is not an answer until someone re-anchors it.
 */
import type { ResolvedLink } from '../../shared/provenance/link-types.ts';
import type { Threshold } from '../../shared/provenance/source-types.ts';
import type { PetitionSummary } from './petition-list.ts';

export interface AnsweringArticle {
  uid: string;
  num: string | null;
}

export interface CommitmentEntry extends PetitionSummary {
  /** The articles whose live links answer the petition (empty for an unanswered one). */
  articles: AnsweringArticle[];
}

export interface CommitmentsReport {
  docId: string | null;
  thresholds: Array<Threshold & { reached: number; honoured: CommitmentEntry[]; notHonoured: CommitmentEntry[] }>;
}

/** Builds the report from the petitions and the document's resolved links. */
export function commitmentsReport(docId: string | null, thresholds: readonly Threshold[], petitions: readonly PetitionSummary[], links: readonly ResolvedLink[]): CommitmentsReport {
  const answers = new Map<string, Map<string, AnsweringArticle>>();
  for (const link of links) {
    if (link.status !== 'live' || link.relation === 'declined') continue;
    let articles = answers.get(link.sourceId);
    if (!articles) answers.set(link.sourceId, (articles = new Map()));
    articles.set(link.articleUid, { uid: link.articleUid, num: link.article?.num ?? null });
  }
  const ordered = [...thresholds].sort((a, b) => a.level - b.level);
  return {
    docId,
    thresholds: ordered.map((threshold) => {
      const reached = petitions.filter((p) => p.signatures >= threshold.signatures);
      const entries = reached.map((p): CommitmentEntry => ({ ...p, articles: [...(answers.get(p.id)?.values() ?? [])] }));
      return {
        ...threshold,
        reached: reached.length,
        honoured: entries.filter((e) => e.articles.length > 0),
        notHonoured: entries.filter((e) => e.articles.length === 0),
      };
    }),
  };
}
