/**
 * Sliding-window failure counter, in memory and therefore per process: a restart forgets it, and
 * several Opsdeck replicas would each count on their own (Opsdeck runs as one process).
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    readonly maxFailures: number,
    readonly windowMs: number,
  ) {}

  /** Milliseconds until `key` may try again, or 0 when it may now. */
  retryAfterMs(key: string, now = Date.now()): number {
    const recent = this.recent(key, now);
    if (recent.length < this.maxFailures) return 0;
    const oldest = recent[recent.length - this.maxFailures] ?? now;
    return Math.max(1, oldest + this.windowMs - now);
  }

  fail(key: string, now = Date.now()): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.failures.set(key, recent);
    if (this.failures.size > 10_000) this.sweep(now);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
  }

  /** Bounds memory under a spray of distinct usernames or addresses. */
  private sweep(now: number): void {
    for (const [key, times] of this.failures) {
      if (!times.some((t) => t > now - this.windowMs)) this.failures.delete(key);
    }
  }
}

export const LOGIN_MAX_FAILURES = 10;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

const holder = globalThis as unknown as { __opsdeckLoginLimiter?: FailureLimiter };

export function loginLimiter(): FailureLimiter {
  holder.__opsdeckLoginLimiter ??= new FailureLimiter(LOGIN_MAX_FAILURES, LOGIN_WINDOW_MS);
  return holder.__opsdeckLoginLimiter;
}
