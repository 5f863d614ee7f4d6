/**
 * Limits on failed sign-ins, per email address and per client address: guessing one person's
 * password, or many people's from one machine, stops after a few tries. Counted in memory (one
 * process serves an installation; a restart forgives), each key's failures in a sliding window,
 * with a bound on how many keys are remembered so that a flood of made-up addresses cannot grow it
 * without end.
 */

export interface SignInLimits {
  /** Failed sign-ins one email address may have in a window (0: no limit). */
  perEmail: number;
  /** Failed sign-ins one client address may have in a window (0: no limit). */
  perIp: number;
  windowMs: number;
}

export type ThrottleCheck = { ok: true } | { ok: false; retryAfterMs: number; limit: 'email' | 'ip' };

/** The most keys kept; past it the least recently failed are forgotten first. */
const MAX_KEYS = 50_000;

export class SignInThrottle {
  /** Failure times per key, oldest first; Map order is the order keys last failed in. */
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limits: SignInLimits,
    private readonly now: () => number,
  ) {}

  /** Whether one more attempt for this address from this client may be tried now. */
  check(email: string, ip: string): ThrottleCheck {
    const byEmail = this.wait(`e:${email}`, this.limits.perEmail);
    const byIp = this.wait(`i:${ip}`, this.limits.perIp);
    if (byEmail === 0 && byIp === 0) return { ok: true };
    return byEmail >= byIp ? { ok: false, retryAfterMs: byEmail, limit: 'email' } : { ok: false, retryAfterMs: byIp, limit: 'ip' };
  }

  recordFailure(email: string, ip: string): void {
    this.add(`e:${email}`);
    this.add(`i:${ip}`);
  }

  /** A correct password clears the address's failures (the client's stay: they bound guessing across addresses). */
  recordSuccess(email: string): void {
    this.failures.delete(`e:${email}`);
  }

  private recent(key: string): number[] {
    const times = this.failures.get(key);
    if (!times) return [];
    const since = this.now() - this.limits.windowMs;
    while (times.length > 0 && (times[0] ?? 0) <= since) times.shift();
    if (times.length === 0) this.failures.delete(key);
    return times;
  }

  /** How long until a failure leaves the window and one more attempt fits (0: it fits now). */
  private wait(key: string, max: number): number {
    if (max <= 0) return 0;
    const times = this.recent(key);
    if (times.length < max) return 0;
    const freeing = times[times.length - max] ?? this.now();
    return Math.max(1, freeing + this.limits.windowMs - this.now() + 1);
  }

  private add(key: string): void {
    const times = this.recent(key);
    times.push(this.now());
    // Re-inserted so that the key moves to the end (most recently failed).
    this.failures.delete(key);
    this.failures.set(key, times);
    // Keep no more failures per key than the largest limit needs.
    const keep = Math.max(this.limits.perEmail, this.limits.perIp, 1);
    if (times.length > keep) times.splice(0, times.length - keep);
    while (this.failures.size > MAX_KEYS) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
  }
}
