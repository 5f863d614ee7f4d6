/**
 * The logarithmic scale of the signatures chart: petitions run from a few dozen signatures to over
 * a hundred thousand, and the thresholds (5,000 / 10,000 / 50,000) are only readable apart on a
 * log scale. The domain is widened to whole powers of ten so the ticks are round numbers.
 */

export interface LogScale {
  /** The lower and upper ends of the domain (powers of ten). */
  domain: [number, number];
  /** The pixel coordinate of a value (values below the domain sit at its lower end). */
  at(value: number): number;
  /** A tick at every power of ten in the domain. */
  ticks: number[];
}

/**
 * A log scale over every value given (signatures and thresholds), mapped onto `[from, to]` pixels;
 * `from` is where the lowest value goes (the bottom of a chart, the larger y).
 */
export function logScale(values: readonly number[], from: number, to: number): LogScale {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  const low = positive.length === 0 ? 1 : Math.min(...positive);
  const high = positive.length === 0 ? 10 : Math.max(...positive);
  const lowExp = Math.floor(Math.log10(low));
  let highExp = Math.ceil(Math.log10(high));
  if (highExp <= lowExp) highExp = lowExp + 1;
  const lowLog = lowExp;
  const span = highExp - lowExp;
  const ticks: number[] = [];
  for (let e = lowExp; e <= highExp; e++) ticks.push(10 ** e);
  return {
    domain: [10 ** lowExp, 10 ** highExp],
    at: (value) => {
      const log = value > 0 ? Math.log10(value) : lowLog;
      const t = Math.min(1, Math.max(0, (log - lowLog) / span));
      return from + (to - from) * t;
    },
    ticks,
  };
}

/** x positions for `count` items spread evenly over `[from, to]` (centred in their slots). */
export function bandPositions(count: number, from: number, to: number): number[] {
  if (count <= 0) return [];
  const step = (to - from) / count;
  return Array.from({ length: count }, (_, i) => from + step * (i + 0.5));
}
