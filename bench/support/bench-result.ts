/**
 * What a workload reports: named figures, each with its unit and, where the issue sets one, the
 * target it must meet. Figures compared with a reference server carry the reference's value too.
 */

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The figure must be at most (`max`) or at least (`min`) this value. */
  target?: { max?: number; min?: number };
  /** The same figure measured on a reference server in this run, by reference name. */
  references?: Record<string, number>;
}

export interface WorkloadResult {
  workload: string;
  description: string;
  /** How the workload was set up (sizes, seeds, machine-independent parameters). */
  setup: Record<string, string | number>;
  figures: Figure[];
  /** Latency distributions, by name, in milliseconds. */
  distributions?: Record<string, { p50: number; p95: number; p99: number; max: number; mean: number; count: number }>;
}

/** True when a figure meets its target (or has none). */
export function meetsTarget(figure: Figure): boolean {
  const { target } = figure;
  if (!target) return true;
  if (target.max !== undefined && !(figure.value <= target.max)) return false;
  if (target.min !== undefined && !(figure.value >= target.min)) return false;
  return true;
}
