/**
 * Per-person write limits counted from the stored rows themselves (a person's comments, a
 * person's flags) rather than from counters in memory: they hold across restarts, and the store
 * checks them in the same transaction as the write, so two requests at once cannot both slip under
 * the limit.
 */

/** At most `max` writes in any `windowMs` milliseconds. */
export interface RateWindow {
  max: number;
  windowMs: number;
}

export class RateLimitedError extends Error {
  override name = 'RateLimitedError';

  constructor(
    /** How long until one more write fits every window. */
    readonly retryAfterMs: number,
    readonly window: RateWindow,
  ) {
    super(`at most ${window.max} in ${Math.round(window.windowMs / 1000)} s`);
  }
}

/** What a window check reads of the person's earlier writes. */
export interface RateHistory {
  /** How many writes happened after `since` (exclusive). */
  countSince(since: number): number;
  /** The time of the write at position `index` (0 = oldest) among those after `since`. */
  timeAt(since: number, index: number): number | null;
}

/** Throws RateLimitedError when one more write at `now` would exceed any window; the longest wait wins. */
export function checkRateWindows(windows: readonly RateWindow[], now: number, history: RateHistory): void {
  let worst: RateLimitedError | null = null;
  for (const window of windows) {
    if (window.max <= 0 || window.windowMs <= 0) continue;
    const since = now - window.windowMs;
    const count = history.countSince(since);
    if (count < window.max) continue;
    // The window frees a place when the write that is `max` places before the next one leaves it.
    const oldestThatMatters = history.timeAt(since, count - window.max) ?? now;
    const wait = Math.max(1, oldestThatMatters + window.windowMs - now + 1);
    if (!worst || wait > worst.retryAfterMs) worst = new RateLimitedError(wait, window);
  }
  if (worst) throw worst;
}
