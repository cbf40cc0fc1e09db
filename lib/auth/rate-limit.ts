/**
 * Login slow-down: failures are counted per key in a sliding window; past `freeFailures` each further
 * attempt must wait `baseDelayMs · 2^(n − free)` (capped) after the latest failure. A slow-down rather
 * than a hard lock, so a guesser cannot lock a real user out for long. In memory and therefore per
 * process: a restart forgets it, and several replicas would each count on their own (Opsdeck runs as
 * one process).
 */
export interface SlowDownPolicy {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  windowMs: number;
}

export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(readonly policy: SlowDownPolicy) {}

  /** Milliseconds until `key` may try again, or 0 when it may now. */
  retryAfterMs(key: string, now = Date.now()): number {
    const recent = this.recent(key, now);
    const over = recent.length - this.policy.freeFailures;
    if (over < 0) return 0;
    const delay = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** Math.min(over, 30));
    const latest = recent[recent.length - 1] ?? now;
    return Math.max(0, latest + delay - now);
  }

  /** Records a failure at `now` (also used to reserve an attempt before it is checked). */
  fail(key: string, now = Date.now()): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.failures.set(key, recent);
    if (this.failures.size > 10_000) this.sweep(now);
  }

  /** Takes back one failure recorded at `at` (an attempt reserved up front that turned out good). */
  forgive(key: string, at: number): void {
    const times = this.failures.get(key);
    if (!times) return;
    const i = times.lastIndexOf(at);
    if (i >= 0) times.splice(i, 1);
    if (times.length === 0) this.failures.delete(key);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t > now - this.policy.windowMs);
  }

  /** Bounds memory under a spray of distinct usernames or addresses. */
  private sweep(now: number): void {
    for (const [key, times] of this.failures) {
      if (!times.some((t) => t > now - this.policy.windowMs)) this.failures.delete(key);
    }
  }
}

const WINDOW_MS = 15 * 60 * 1000;

/**
 * The keys a login is counted under, each with its own policy: the account from this address (the
 * usual guesser: slowed after 5), the address across accounts (a spray: after 30), and the account
 * from anywhere (a distributed guesser: after 50, still only a slow-down, never a lock-out).
 */
export const LOGIN_POLICIES = {
  pair: { freeFailures: 5, baseDelayMs: 1000, maxDelayMs: WINDOW_MS, windowMs: WINDOW_MS },
  address: { freeFailures: 30, baseDelayMs: 1000, maxDelayMs: WINDOW_MS, windowMs: WINDOW_MS },
  account: { freeFailures: 50, baseDelayMs: 1000, maxDelayMs: 60_000, windowMs: WINDOW_MS },
} as const satisfies Record<string, SlowDownPolicy>;

export type LoginLimiters = { [K in keyof typeof LOGIN_POLICIES]: FailureLimiter };

const holder = globalThis as unknown as { __opsdeckLoginLimiters?: LoginLimiters };

export function loginLimiters(): LoginLimiters {
  holder.__opsdeckLoginLimiters ??= {
    pair: new FailureLimiter(LOGIN_POLICIES.pair),
    address: new FailureLimiter(LOGIN_POLICIES.address),
    account: new FailureLimiter(LOGIN_POLICIES.account),
  };
  return holder.__opsdeckLoginLimiters;
}

/** For tests: forget every failure. */
export function resetLoginLimiters(): void {
  holder.__opsdeckLoginLimiters = undefined;
}
