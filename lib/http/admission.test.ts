import { describe, expect, it } from 'vitest';
import { Admission, TurnClock } from './admission';
import { etagMatches } from './hot-routes';

describe('Admission', () => {
  it('serves up to the bound, queues up to the bound, refuses the rest at once', () => {
    const a = new Admission({ maxInFlight: 2, maxQueued: 1, maxWaitMs: 1000 }, () => 0);
    const log: string[] = [];
    const releases: (() => void)[] = [];
    const enter = (name: string) =>
      a.enter(
        (release) => {
          log.push(`go ${name}`);
          releases.push(release);
        },
        (why) => log.push(`refused ${name} ${why}`),
      );
    for (const n of ['a', 'b', 'c', 'd']) enter(n);
    expect(log).toEqual(['go a', 'go b', 'refused d queue_full']);
    expect(a.stats()).toEqual({ inFlight: 2, queued: 1 });
    releases[0]?.();
    releases[0]?.(); // a second release of the same slot frees nothing more
    expect(log).toEqual(['go a', 'go b', 'refused d queue_full', 'go c']);
    expect(a.stats()).toEqual({ inFlight: 2, queued: 0 });
  });

  it('refuses a queued request that waited past the bound instead of serving it late', () => {
    let now = 0;
    const a = new Admission({ maxInFlight: 1, maxQueued: 5, maxWaitMs: 100 }, () => now);
    const log: string[] = [];
    let release = () => {};
    a.enter(
      (r) => {
        release = r;
      },
      () => {},
    );
    a.enter(
      () => log.push('late served'),
      (why) => log.push(why),
    );
    now = 101;
    a.enter(
      () => log.push('fresh served'),
      (why) => log.push(why),
    );
    release();
    expect(log).toEqual(['waited_too_long', 'fresh served']);
    expect(a.stats()).toEqual({ inFlight: 1, queued: 0 });
  });
});

describe('etagMatches', () => {
  it('compares weakly, takes lists and *', () => {
    expect(etagMatches('"abc"', '"abc"')).toBe(true);
    expect(etagMatches('W/"abc"', '"abc"')).toBe(true);
    expect(etagMatches('"x", "abc"', '"abc"')).toBe(true);
    expect(etagMatches('*', '"abc"')).toBe(true);
    expect(etagMatches('"abd"', '"abc"')).toBe(false);
    expect(etagMatches('abc', '"abc"')).toBe(false);
  });
});

describe('TurnClock', () => {
  it('counts from the first request of a turn until the check phase ends it', async () => {
    await new Promise((r) => setImmediate(r));
    const clock = new TurnClock();
    expect(clock.elapsedMs(1000)).toBe(0); // starts the turn
    expect(clock.elapsedMs(1030)).toBe(30);
    expect(clock.elapsedMs(1075)).toBe(75);
    await new Promise((r) => setImmediate(r));
    expect(clock.elapsedMs(2000)).toBe(0); // a new turn
    expect(clock.elapsedMs(2010)).toBe(10);
  });
});
