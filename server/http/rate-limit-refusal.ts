/**
 * The REST answer to a write over a person's rate limit: 429 `rate-limited` with `Retry-After`
 * (whole seconds, rounded up) saying when one more write will fit.
 */
import type { Response } from 'express';
import type { RateLimitedError } from '../comments/rate-windows.ts';
import { ApiError } from './api-error.ts';

export function rateLimitRefusal(res: Response, error: RateLimitedError, what: string): ApiError {
  const seconds = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
  res.set('Retry-After', String(seconds));
  return new ApiError(429, 'rate-limited', `At most ${error.window.max} ${what} in ${duration(error.window.windowMs)}; try again in ${seconds} s.`);
}

function duration(ms: number): string {
  if (ms % 86_400_000 === 0) return ms === 86_400_000 ? 'a day' : `${ms / 86_400_000} days`;
  if (ms % 60_000 === 0) return ms === 60_000 ? 'a minute' : `${ms / 60_000} minutes`;
  return `${Math.ceil(ms / 1000)} seconds`;
}
