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

/** Collects problems up to MAX_PROBLEMS and remembers that some were left out. */
export class ProblemList {
  readonly items: ImportProblem[] = [];
  private overflow = 0;

  add(problem: ImportProblem): void {
    if (this.items.length < MAX_PROBLEMS) this.items.push(problem);
    else this.overflow++;
  }

  get full(): boolean {
    return this.items.length >= MAX_PROBLEMS;
  }

  get count(): number {
    return this.items.length + this.overflow;
  }

  /** One sentence for the person importing, e.g. "3 problems; nothing was imported." */
  summary(file: string): string {
    const more = this.overflow > 0 ? ` (the first ${MAX_PROBLEMS} are listed)` : '';
    return `${file}: ${this.count} problem${this.count === 1 ? '' : 's'}${more}; nothing was imported.`;
  }
}
