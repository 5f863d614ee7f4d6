/**
 * Where the answered petitions stand in the signatures order (most first): how many of those over
 * a number of signatures the text answers, and pages of the answered and of the unanswered ones.
 *
 * The answered petitions are few next to all petitions (a link is a member's work; a petition is
 * a row of an import), so their positions are held in memory, sorted, and rebuilt only when the
 * answers or the sources change. Everything about the unanswered ones is read from the signatures
 * index: their count is all petitions over the mark minus the answered ones, and a page of them is
 * the index walked from the cursor, stepping over answered positions.
 */
import type { PetitionPosition } from '../storage/report-queries.ts';
import type { CartaStore } from '../storage/store.ts';
import type { Answers } from './answer-index.ts';

/** Index positions read per step when walking past answered petitions (doubling up to the most). */
const FIRST_STEP = 64;
const MOST_STEP = 4096;

/** True when `a` comes before `b` in the signatures order. */
export function comesBefore(a: PetitionPosition, b: PetitionPosition): boolean {
  return a.signatures > b.signatures || (a.signatures === b.signatures && a.key < b.key);
}

export class PetitionStanding {
  private readonly honouredKeys: ReadonlySet<number>;

  constructor(
    readonly answers: Answers,
    /** The answered petitions, in signatures order. */
    private readonly honoured: readonly PetitionPosition[],
  ) {
    this.honouredKeys = new Set(honoured.map((p) => p.key));
  }

  isHonoured(key: number): boolean {
    return this.honouredKeys.has(key);
  }

  /** How many answered petitions have at least `minSignatures`. */
  honouredAtLeast(minSignatures: number): number {
    // The first position under the mark, by bisection (the list is in descending order).
    let low = 0;
    let high = this.honoured.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.honoured[middle] as PetitionPosition).signatures >= minSignatures) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Answered petitions with at least `minSignatures`, after `after`, at most `limit`. */
  honouredAfter(minSignatures: number, after: PetitionPosition | null, limit: number): PetitionPosition[] {
    const start = this.indexAfter(after);
    return this.honoured.slice(start, Math.max(start, Math.min(this.honouredAtLeast(minSignatures), start + limit)));
  }

  /** Every answered petition after `after`. */
  allHonouredAfter(after: PetitionPosition | null): readonly PetitionPosition[] {
    return this.honoured.slice(this.indexAfter(after));
  }

  /** The index of the first answered petition after `after` (0 for null). */
  private indexAfter(after: PetitionPosition | null): number {
    if (!after) return 0;
    let low = 0;
    let high = this.honoured.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (comesBefore(after, this.honoured[middle] as PetitionPosition)) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  /** Unanswered petitions with at least `minSignatures`, after `after`, at most `limit`: from the index. */
  async pendingAfter(store: CartaStore, minSignatures: number, after: PetitionPosition | null, limit: number): Promise<PetitionPosition[]> {
    const out: PetitionPosition[] = [];
    let cursor = after;
    let step = FIRST_STEP;
    while (out.length < limit) {
      const positions = await store.reports.positionsAfter(minSignatures, cursor, step);
      for (const position of positions) {
        if (this.isHonoured(position.key)) continue;
        out.push(position);
        if (out.length === limit) break;
      }
      const last = positions.at(-1);
      if (positions.length < step || !last) break;
      cursor = last;
      step = Math.min(MOST_STEP, step * 2);
    }
    return out;
  }
}

/** One standing per answers and sources version: both the reports and their pages share it. */
export class PetitionStandings {
  private readonly standings = new WeakMap<Answers, { sourcesVersion: string; standing: PetitionStanding }>();

  constructor(private readonly store: CartaStore) {}

  async of(answers: Answers): Promise<PetitionStanding> {
    const sourcesVersion = await this.store.reports.sourcesVersion();
    const cached = this.standings.get(answers);
    if (cached && cached.sourcesVersion === sourcesVersion) return cached.standing;
    const positions = await this.store.reports.petitionPositions([...answers.sources]);
    const honoured = positions.map(({ key, signatures }) => ({ key, signatures })).sort((a, b) => (comesBefore(a, b) ? -1 : comesBefore(b, a) ? 1 : 0));
    const standing = new PetitionStanding(answers, honoured);
    this.standings.set(answers, { sourcesVersion, standing });
    return standing;
  }
}
