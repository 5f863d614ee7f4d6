/**
 * What is wrong with an import file, as the person who must fix it needs to hear it: the line (1 for
 * a CSV header), the column (a CSV column name, or a JSON field path such as `[3].details.signatures`)
 * and the reason. An import collects every problem, up to a cap, rather than stopping at the first.
 */
export interface ImportProblem {
  line: number;
  column: string;
  reason: string;
}

/** Beyond this many problems a file is wrong wholesale; listing more helps nobody. */
export const MAX_PROBLEMS = 100;

/**
 * Collects problems and lists them in the order of the file — by line, then by column (`rank`: the
 * column's position in a CSV header, the element's index in JSON), then as found — whatever order
 * the checks found them in. Only the first MAX_PROBLEMS in that order are kept; the rest are counted.
 */
export class ProblemList {
  private readonly kept: Ranked[] = [];
  private total = 0;

  add(problem: ImportProblem, rank = 0): void {
    const entry: Ranked = { problem, rank, seq: this.total++ };
    // Problems mostly arrive in file order, so the new one usually goes at (or past) the end.
    let at = this.kept.length;
    while (at > 0 && compare(entry, this.kept[at - 1] as Ranked) < 0) at--;
    if (at >= MAX_PROBLEMS) return;
    this.kept.splice(at, 0, entry);
    if (this.kept.length > MAX_PROBLEMS) this.kept.pop();
  }

  /** The first MAX_PROBLEMS problems, in file order. */
  get items(): ImportProblem[] {
    return this.kept.map((entry) => entry.problem);
  }

  get count(): number {
    return this.total;
  }

  /** One sentence for the person importing, e.g. "3 problems; nothing was imported." */
  summary(file: string): string {
    const more = this.total > MAX_PROBLEMS ? ` (the first ${MAX_PROBLEMS} are listed)` : '';
    return `${file}: ${this.total} problem${this.total === 1 ? '' : 's'}${more}; nothing was imported.`;
  }
}

/** A problem with what orders it: its column's rank on its line, then when it was found. */
interface Ranked {
  problem: ImportProblem;
  rank: number;
  seq: number;
}

function compare(a: Ranked, b: Ranked): number {
  return a.problem.line - b.problem.line || a.rank - b.rank || a.seq - b.seq;
}
