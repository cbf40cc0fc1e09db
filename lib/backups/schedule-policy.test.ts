import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VERIFY_CRON,
  dueSlots,
  jitterOffset,
  nextSlot,
  rpoAtRisk,
  scheduleFromLabels,
} from './schedule-policy';

const t = (iso: string) => Date.parse(iso);
const min = 60_000;

describe('scheduleFromLabels', () => {
  it('reads cron, time zone, jitter and the weekly restore test by default', () => {
    const { schedule, problems } = scheduleFromLabels({
      'opsdeck.backup.schedule': '0 2 * * *',
      'opsdeck.backup.timezone': 'Europe/Berlin',
      'opsdeck.backup.jitter': '10m',
    });
    expect(problems).toEqual([]);
    expect(schedule).toEqual({
      cron: '0 2 * * *',
      timezone: 'Europe/Berlin',
      jitterMs: 10 * min,
      verifyCron: DEFAULT_VERIFY_CRON,
      source: 'label',
    });
  });

  it('turns bad values into problems, never a throw', () => {
    const bad = scheduleFromLabels({ 'opsdeck.backup.schedule': 'every night' });
    expect(bad.schedule).toBeNull();
    expect(bad.problems[0]).toContain('is not a cron expression');
    const tz = scheduleFromLabels({
      'opsdeck.backup.schedule': '* * * * *',
      'opsdeck.backup.timezone': 'Mars/Olympus',
    });
    expect(tz.schedule?.timezone).toBe('UTC');
    expect(tz.problems[0]).toContain('is not a time zone');
    const off = scheduleFromLabels({
      'opsdeck.backup.schedule': '* * * * *',
      'opsdeck.backup.verify-schedule': 'off',
    });
    expect(off.schedule?.verifyCron).toBeNull();
  });
});

describe('dueSlots', () => {
  it('nothing due before the next slot; one slot once it passed', () => {
    const after = t('2026-11-23T01:00:00Z');
    expect(dueSlots('0 2 * * *', 'UTC', 0, after, t('2026-11-23T01:59:59Z'))).toEqual({
      latest: null,
      count: 0,
    });
    expect(dueSlots('0 2 * * *', 'UTC', 0, after, t('2026-11-23T02:00:01Z'))).toEqual({
      latest: t('2026-11-23T02:00:00Z'),
      count: 1,
    });
  });

  it('after three days down: three slots fell, the newest is the one to run', () => {
    const r = dueSlots('0 2 * * *', 'UTC', 0, t('2026-11-20T02:00:00Z'), t('2026-11-23T09:00:00Z'));
    expect(r).toEqual({ latest: t('2026-11-23T02:00:00Z'), count: 3 });
  });

  it('honours the time zone (02:00 in Berlin is 01:00 UTC in winter)', () => {
    const r = dueSlots('0 2 * * *', 'Europe/Berlin', 0, t('2026-11-23T00:00:00Z'), t('2026-11-23T01:30:00Z'));
    expect(r.latest).toBe(t('2026-11-23T01:00:00Z'));
  });

  it('shifts each slot by the service’s jitter offset', () => {
    const r = dueSlots('0 2 * * *', 'UTC', 5 * min, t('2026-11-23T01:00:00Z'), t('2026-11-23T02:04:00Z'));
    expect(r.latest).toBeNull();
    expect(nextSlot('0 2 * * *', 'UTC', 5 * min, t('2026-11-23T02:04:00Z'))).toBe(t('2026-11-23T02:05:00Z'));
  });
});

describe('jitterOffset', () => {
  it('is stable per service, within the window, and differs between services', () => {
    const a = jitterOffset('local/a/x', 10 * min);
    expect(jitterOffset('local/a/x', 10 * min)).toBe(a);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThanOrEqual(10 * min);
    const offsets = new Set(['a', 'b', 'c', 'd', 'e'].map((s) => jitterOffset(`local/${s}/x`, 10 * min)));
    expect(offsets.size).toBeGreaterThan(1);
    expect(jitterOffset('local/a/x', 0)).toBe(0);
  });
});

describe('rpoAtRisk', () => {
  const nightly = { cron: '0 2 * * *', timezone: 'UTC', jitterMs: 0 };
  it('fine while the newest backup is from the latest slot', () => {
    expect(rpoAtRisk(nightly, t('2026-11-23T02:01:00Z'), t('2026-11-23T12:00:00Z')).atRisk).toBe(false);
  });
  it('gives the latest slot its grace before calling it at risk', () => {
    const newest = t('2026-11-22T02:01:00Z');
    expect(rpoAtRisk(nightly, newest, t('2026-11-23T02:05:00Z')).atRisk).toBe(false);
    expect(rpoAtRisk(nightly, newest, t('2026-11-23T02:11:00Z'))).toEqual({
      atRisk: true,
      expectedSince: t('2026-11-23T02:00:00Z'),
    });
  });
  it('at risk when a whole cycle produced nothing, and with no backup at all', () => {
    expect(rpoAtRisk(nightly, t('2026-11-21T02:01:00Z'), t('2026-11-23T01:00:00Z')).atRisk).toBe(true);
    expect(rpoAtRisk(nightly, null, t('2026-11-23T12:00:00Z')).atRisk).toBe(true);
  });
});
