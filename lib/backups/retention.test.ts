import { describe, expect, it } from 'vitest';
import type { Backup } from './catalog';
import { expiredBackups, parseRetention, periodKey } from './retention';

const day = 86_400_000;
const now = Date.parse('2026-11-23T12:00:00Z');

function backup(
  id: string,
  ageDays: number,
  kind: Backup['kind'] = 'manual',
  status: Backup['status'] = 'complete',
): Backup {
  return {
    id,
    serviceId: 's',
    service: { host: 'local', stack: 'x', name: 'y' },
    kind,
    createdAt: new Date(now - ageDays * day).toISOString(),
    bytes: 1,
    contentBytes: 1,
    files: 1,
    sha256: '0'.repeat(64),
    volumes: [],
    verifiedAt: null,
    verifyMessage: null,
    verifyMs: null,
    status,
    undoOf: null,
    jobId: null,
  };
}

describe('expiredBackups', () => {
  it('keeps the newest N', () => {
    const list = [backup('a', 0), backup('b', 1), backup('c', 2), backup('d', 3)];
    expect(expiredBackups(list, { keep: 2, maxAgeMs: null }, now).map((b) => b.id)).toEqual(['c', 'd']);
  });
  it('drops what is older than max-age but never the newest backup', () => {
    const list = [backup('old1', 10), backup('old2', 20)];
    expect(expiredBackups(list, { keep: 7, maxAgeMs: 7 * day }, now).map((b) => b.id)).toEqual(['old2']);
  });
  it('counts undo backups apart, keeping the last three', () => {
    const list = [backup('a', 0), ...[1, 2, 3, 4].map((d) => backup(`u${d}`, d, 'undo'))];
    expect(expiredBackups(list, { keep: 1, maxAgeMs: null }, now).map((b) => b.id)).toEqual(['u4']);
  });
  it('never removes the newest verified backup, whatever the count or age says', () => {
    const list = [
      backup('new', 0),
      backup('b', 1),
      backup('proven', 30, 'manual', 'verified'),
      backup('d', 40),
    ];
    expect(expiredBackups(list, { keep: 2, maxAgeMs: 7 * day }, now).map((b) => b.id)).toEqual(['d']);
  });
});

describe('retention buckets (keep 7 daily, 4 weekly)', () => {
  const ids = (xs: Backup[]) => xs.map((b) => b.id).sort();
  it('parses the wording and refuses what it cannot read', () => {
    expect(parseRetention('keep 7 daily, 4 weekly')).toEqual({
      last: 0,
      hourly: 0,
      daily: 7,
      weekly: 4,
      monthly: 0,
    });
    expect(parseRetention('last 3, 6 monthly')).toEqual({
      last: 3,
      hourly: 0,
      daily: 0,
      weekly: 0,
      monthly: 6,
    });
    expect(parseRetention('keep 7 dayly')).toContain('not like');
    expect(parseRetention('0 daily')).toContain('at least 1');
  });

  it('keeps the newest of each of the last 7 days and of the last 4 weeks, removes the rest', () => {
    // two backups a day for 60 days, at 02:00 and 14:00 UTC; now is Monday 2026-11-23 12:00 UTC
    const list: Backup[] = [];
    for (let d = 0; d < 60; d++)
      for (const h of [2, 14]) {
        const at = Date.parse('2026-11-23T00:00:00Z') - d * day + h * 3_600_000;
        if (at > now) continue;
        list.push({ ...backup(`d${d}h${h}`, (now - at) / day) });
      }
    const buckets = parseRetention('keep 7 daily, 4 weekly');
    if (typeof buckets === 'string') throw new Error(buckets);
    const expired = expiredBackups(list, { keep: 7, maxAgeMs: null, buckets, timezone: 'UTC' }, now);
    const kept = list.filter((b) => !expired.includes(b));
    // daily: newest of Nov 23 (02:00 only, 14:00 is in the future), 22, 21, 20, 19, 18, 17;
    // weekly (Mon–Sun): newest of this week (d0h2, counted already), of the weeks ending Sunday the
    // 22nd (d1h14, counted already), the 15th (d8h14) and the 8th (d15h14)
    expect(ids(kept)).toEqual(
      ids(
        ['d0h2', 'd1h14', 'd2h14', 'd3h14', 'd4h14', 'd5h14', 'd6h14', 'd8h14', 'd15h14'].map((i) =>
          backup(i, 0),
        ),
      ),
    );
  });

  it('counts days in the schedule’s time zone', () => {
    const at = Date.parse('2026-11-23T23:30:00Z');
    expect(periodKey(at, 'daily', 'UTC')).toBe('2026-11-23');
    expect(periodKey(at, 'daily', 'Europe/Berlin')).toBe('2026-11-24');
    expect(periodKey(at, 'daily', 'America/New_York')).toBe('2026-11-23');
  });

  it('with buckets still keeps the newest verified backup outside them', () => {
    const list = [backup('a', 0), backup('b', 0.5), backup('proven', 100, 'manual', 'verified')];
    expect(
      expiredBackups(
        list,
        { keep: 1, maxAgeMs: null, buckets: { last: 1, hourly: 0, daily: 0, weekly: 0, monthly: 0 } },
        now,
      ).map((b) => b.id),
    ).toEqual(['b']);
  });
});
