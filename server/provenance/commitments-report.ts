/**
 * "Commitments not yet honoured": for each signature threshold of the process, how many petitions
 * reached it, how many of those the text answers (at least one live, non-retired link whose
 * relation is not `declined`) and how many it does not, with the first page of each list; later
 * pages come from the petitions report (petition-list.ts). A link whose passage was deleted does not
 * count: an orphaned answer is not an answer until someone re-anchors it.
 *
 * Its size does not grow with the petitions: counts come from the signatures index, and each list
 * is one page.
 */
import type { CommitmentLevel, CommitmentsReport } from '../../shared/provenance/report-types.ts';
import { petitionPage, type PetitionSources } from './petition-list.ts';

/** The report, each list's first page holding at most `limit` petitions. */
export async function commitmentsReport(from: PetitionSources, docId: string | null, limit: number): Promise<CommitmentsReport> {
  const ordered = [...from.thresholds].sort((a, b) => a.level - b.level);
  const thresholds: CommitmentLevel[] = [];
  for (const threshold of ordered) {
    const reached = await from.store.reports.countPetitions(threshold.signatures);
    const page = (list: 'honoured' | 'notHonoured') => petitionPage(from, { list, minSignatures: threshold.signatures, after: null, limit, docId }, reached);
    thresholds.push({ ...threshold, reached, honoured: await page('honoured'), notHonoured: await page('notHonoured') });
  }
  return { docId, thresholds };
}
