/**
 * Overload protection for one class of requests: at most `maxInFlight` served at once, at most
 * `maxQueued` waiting for a slot, none waiting longer than `maxWaitMs`. Whatever does not fit is
 * refused at once (the caller answers 503 with Retry-After), so memory and latency stay bounded
 * however much is offered: a queue without bound only turns overload into timeouts for everyone.
 */
export interface AdmissionLimits {
  maxInFlight: number;
  maxQueued: number;
  maxWaitMs: number;
}

export type Refusal = 'queue_full' | 'waited_too_long';

interface Waiter {
  at: number;
  go: (release: () => void) => void;
  refuse: (why: Refusal) => void;
}

export class Admission {
  private inFlight = 0;
  private readonly queue: Waiter[] = [];

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Runs `go` with a release function once a slot is free, or `refuse` (synchronously when full). */
  enter(go: Waiter['go'], refuse: Waiter['refuse']): void {
    if (this.inFlight < this.limits.maxInFlight && this.queue.length === 0) {
      this.inFlight++;
      go(this.releaser());
      return;
    }
    if (this.queue.length >= this.limits.maxQueued) {
      refuse('queue_full');
      return;
    }
    this.queue.push({ at: this.now(), go, refuse });
  }

  stats(): { inFlight: number; queued: number } {
    return { inFlight: this.inFlight, queued: this.queue.length };
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.inFlight--;
      this.next();
    };
  }

  private next(): void {
    while (this.inFlight < this.limits.maxInFlight && this.queue.length > 0) {
      const w = this.queue.shift() as Waiter;
      // A request that waited past its bound is answered 503 now rather than served late.
      if (this.now() - w.at > this.limits.maxWaitMs) {
        w.refuse('waited_too_long');
        continue;
      }
      this.inFlight++;
      w.go(this.releaser());
    }
  }
}

/**
 * Event-loop lag, sampled by a timer: how late the loop comes back to timers. Lag that stays over the
 * bound for two samples in a row means requests are arriving faster than they can be served (waiting
 * in socket buffers, where no queue of ours sees them); a single spike (a module loaded on first use,
 * a big GC) is not overload.
 */
export class LoopLag {
  private last = [0, 0];
  private timer: NodeJS.Timeout;

  constructor(everyMs = 20) {
    let expected = performance.now() + everyMs;
    this.timer = setInterval(() => {
      const now = performance.now();
      this.last = [this.last[1] as number, Math.max(0, now - expected)];
      expected = now + everyMs;
    }, everyMs);
    this.timer.unref();
  }

  /** true when the last two samples were both over `maxMs` */
  over(maxMs: number): boolean {
    return (this.last[0] as number) > maxMs && (this.last[1] as number) > maxMs;
  }

  lagMs(): number {
    return this.last[1] as number;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/**
 * How long the event loop has been in its current turn, counted from the turn's first request. One
 * turn of the poll phase serves every connection that had a request waiting, one after the other
 * (each to its end: a hot read has no I/O to wait for), so a request served `n` ms into the turn
 * waited at least `n` ms in its socket's buffer, where no queue of ours sees it. With hundreds of
 * connections a turn grows long while lag samples (taken between turns) still look tolerable: this
 * is the queue's wait measured where it happens. The turn ends at the check phase (setImmediate).
 */
export class TurnClock {
  private startedAt = -1;
  private readonly end = () => {
    this.startedAt = -1;
  };

  /** ms since this turn's first request; 0 for the first (which starts the count). */
  elapsedMs(now = performance.now()): number {
    if (this.startedAt < 0) {
      this.startedAt = now;
      setImmediate(this.end);
      return 0;
    }
    return now - this.startedAt;
  }
}
