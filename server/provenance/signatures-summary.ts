/**
 * What the auditor's chart of petitions by signatures draws, at a size that does not grow with the
 * petitions: the CHART_POINTS most signed petitions one by one (those over the thresholds are among
 * them in any real process), and the rest grouped by signatures, BINS_PER_DECADE groups per power
 * of ten, with how many each group holds and how many of those have linked text. Petitions with
 * no signature at all are a group of their own (a log scale has no place for zero).
 */
import type { ChartBin, ChartPoint, SignaturesSummary } from '../../shared/provenance/report-types.ts';
import { thresholdLevelReached, type Threshold } from '../../shared/provenance/source-types.ts';
import type { PetitionPosition } from '../storage/report-queries.ts';
import type { CartaStore } from '../storage/store.ts';
import type { PetitionStanding } from './petition-standing.ts';

export const CHART_POINTS = 1000;
export const BINS_PER_DECADE = 10;

/**
 * The lower ends of the groups up to `top` (signatures are whole numbers, so nearby powers of ten
 * that round to the same number make one group), lowest first, with 0 for the group of zeros.
 */
export function binEdges(top: number): number[] {
  const edges = [0, 1];
  for (let k = 1; ; k++) {
    const edge = Math.ceil(10 ** (k / BINS_PER_DECADE) - 1e-9);
    if (edge > top) break;
    if (edge > (edges.at(-1) as number)) edges.push(edge);
  }
  return edges;
}

export class SignaturesSummaries {
  private readonly known = new WeakMap<PetitionStanding, { thresholds: string; summary: SignaturesSummary }>();

  constructor(private readonly store: CartaStore) {}

  async of(standing: PetitionStanding, thresholds: readonly Threshold[]): Promise<SignaturesSummary> {
    const key = JSON.stringify(thresholds);
    const cached = this.known.get(standing);
    if (cached && cached.thresholds === key) return cached.summary;
    const summary = await this.summarise(standing, thresholds);
    this.known.set(standing, { thresholds: key, summary });
    return summary;
  }

  private async summarise(standing: PetitionStanding, thresholds: readonly Threshold[]): Promise<SignaturesSummary> {
    const reports = this.store.reports;
    const total = await reports.countPetitions(0);
    const rows = await reports.petitionsAfter(0, null, CHART_POINTS);
    const points = rows.map(
      (row): ChartPoint => ({
        id: row.id,
        title: row.title,
        signatures: row.signatures,
        level: thresholdLevelReached(row.signatures, thresholds),
        linked: standing.answers.sources.has(row.id),
        sample: row.sample,
      }),
    );
    const last = rows.at(-1);
    return {
      thresholds: [...thresholds],
      total,
      linked: standing.honouredAtLeast(0),
      zero: total - (await reports.countPetitions(1)),
      points,
      bins: total > rows.length && last ? await this.bins(standing, last) : [],
    };
  }

  /** The petitions after `last`, grouped. */
  private async bins(standing: PetitionStanding, last: PetitionPosition): Promise<ChartBin[]> {
    const edges = binEdges(Math.max(1, last.signatures));
    // Linked petitions per group, in one pass over the answered ones after the points.
    const linked = new Array<number>(edges.length).fill(0);
    for (const position of standing.allHonouredAfter(last)) {
      const group = groupOf(edges, position.signatures);
      linked[group] = (linked[group] ?? 0) + 1;
    }
    const bins: ChartBin[] = [];
    for (let i = edges.length - 1; i >= 0; i--) {
      const low = edges[i] as number;
      const high = i + 1 < edges.length ? (edges[i + 1] as number) : last.signatures + 1;
      const range = await this.store.reports.signatureRange(last, low, high);
      if (range.count > 0) bins.push({ min: range.min, max: range.max, count: range.count, linked: linked[i] ?? 0 });
    }
    return bins;
  }
}

/** The group (index into `edges`) of a number of signatures. */
function groupOf(edges: readonly number[], signatures: number): number {
  let low = 0;
  let high = edges.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if ((edges[middle] as number) <= signatures) low = middle;
    else high = middle - 1;
  }
  return low;
}
