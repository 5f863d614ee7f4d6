/** Every petition in the store with its signatures and the threshold level it reached. */
import type { Source } from '../../shared/provenance/source-types.ts';
import { thresholdLevelReached, type Threshold } from '../../shared/provenance/source-types.ts';
import type { SourceStore } from '../storage/source-store.ts';

export interface PetitionSummary {
  id: string;
  externalRef: string;
  title: string;
  signatures: number;
  level: number;
  sample: boolean;
}

const PAGE = 1000;

/** Petitions that reached at least `minLevel` (0 for all), most signatures first. */
export async function listPetitions(sources: SourceStore, thresholds: readonly Threshold[], minLevel = 0): Promise<PetitionSummary[]> {
  const out: PetitionSummary[] = [];
  let after: string | undefined;
  do {
    const page = await sources.searchSources({ kind: 'petition', ...(minLevel > 0 ? { minLevel } : {}), limit: PAGE, ...(after ? { after } : {}) });
    for (const source of page.sources) {
      const summary = summarise(source, thresholds);
      if (summary) out.push(summary);
    }
    after = page.next ?? undefined;
  } while (after);
  return out.sort((a, b) => b.signatures - a.signatures);
}

function summarise(source: Source, thresholds: readonly Threshold[]): PetitionSummary | null {
  if (source.kind !== 'petition') return null;
  const signatures = source.details.signatures;
  return { id: source.id, externalRef: source.externalRef, title: source.title, signatures, level: thresholdLevelReached(signatures, thresholds), sample: source.sample };
}
