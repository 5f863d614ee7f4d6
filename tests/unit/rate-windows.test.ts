/** Per-person rate windows: when a write is refused and how long until one more fits. */
import { describe, expect, it } from 'vitest';
import { checkRateWindows, RateLimitedError, type RateWindow } from '../../server/comments/rate-windows.ts';

/** A person's earlier writes at these times, as the store would answer about them. */
function history(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    countSince: (since: number) => sorted.filter((t) => t > since).length,
    timeAt: (since: number, index: number) => sorted.filter((t) => t > since)[index] ?? null,
  };
}

function refusal(windows: RateWindow[], now: number, times: number[]): RateLimitedError | null {
  try {
    checkRateWindows(windows, now, history(times));
    return null;
  } catch (error) {
    if (error instanceof RateLimitedError) return error;
    throw error;
  }
}

const MINUTE = 60_000;

describe('rate windows', () => {
  it('let writes through below the limit and refuse the one over it until the oldest leaves the window', () => {
    const perMinute = [{ max: 3, windowMs: MINUTE }];
    expect(refusal(perMinute, 10_000, [1_000, 2_000])).toBeNull();
    const refused = refusal(perMinute, 10_000, [1_000, 2_000, 3_000]);
    // The write at 1,000 leaves the window after 61,000: 51 s from now (and a millisecond).
    expect(refused?.retryAfterMs).toBe(51_001);
    // Writes older than the window do not count.
    expect(refusal(perMinute, 70_000, [1_000, 2_000, 65_000])).toBeNull();
  });

  it('wait for enough writes to leave when a person is far over (a lower limit after a change)', () => {
    const refused = refusal([{ max: 2, windowMs: MINUTE }], 10_000, [1_000, 2_000, 3_000, 4_000]);
    // Three must leave before a write fits under two: the last of them is the one at 3,000.
    expect(refused?.retryAfterMs).toBe(3_000 + MINUTE - 10_000 + 1);
  });

  it('report the longest wait of several windows, and ignore windows that are off', () => {
    const windows = [
      { max: 5, windowMs: MINUTE },
      { max: 6, windowMs: 24 * 60 * MINUTE },
      { max: 0, windowMs: MINUTE },
    ];
    const times = [0, 1_000, 2_000, 3_000, 4_000, 100 * MINUTE];
    const refused = refusal(windows, 100 * MINUTE + 10, times);
    expect(refused?.window.windowMs).toBe(24 * 60 * MINUTE);
    expect(refused?.retryAfterMs).toBe(24 * 60 * MINUTE - 100 * MINUTE - 10 + 1);
    expect(refusal([{ max: 0, windowMs: MINUTE }], 0, [0, 0, 0])).toBeNull();
  });
});
