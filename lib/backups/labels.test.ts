import { describe, expect, it } from 'vitest';
import { backupPolicy, DEFAULT_KEEP, parseDuration } from './labels';

describe('parseDuration', () => {
  it('reads units and sums', () => {
    expect(parseDuration('24h')).toBe(86_400_000);
    expect(parseDuration('7d')).toBe(7 * 86_400_000);
    expect(parseDuration('1d12h')).toBe(36 * 3_600_000);
    expect(parseDuration(' 90s ')).toBe(90_000);
  });
  it('refuses what is not a duration', () => {
    for (const bad of ['', '24', 'h', '-1d', '1.5h', '0s', '1y', '1d;rm'])
      expect(parseDuration(bad)).toBeNull();
  });
});

describe('backupPolicy', () => {
  it('defaults when nothing is declared', () => {
    expect(backupPolicy({})).toEqual({
      pre: null,
      stop: false,
      paths: null,
      binds: false,
      verify: null,
      keep: DEFAULT_KEEP,
      maxAgeMs: null,
      overdueAfterMs: null,
      buckets: null,
      timezone: 'UTC',
      problems: [],
    });
  });
  it('reads the retention buckets and reports a bad one', () => {
    expect(backupPolicy({ 'opsdeck.backup.retention': 'keep 7 daily, 4 weekly' }).buckets).toEqual({
      last: 0,
      hourly: 0,
      daily: 7,
      weekly: 4,
      monthly: 0,
    });
    const bad = backupPolicy({ 'opsdeck.backup.retention': 'forever' });
    expect(bad.buckets).toBeNull();
    expect(bad.problems[0]).toContain('opsdeck.backup.retention');
  });
  it('parses every label', () => {
    const p = backupPolicy({
      'opsdeck.backup.pre': 'redis-cli SAVE',
      'opsdeck.backup.stop': 'TRUE',
      'opsdeck.backup.paths': '/data/, /etc/app',
      'opsdeck.backup.verify': 'redis-check-rdb /data/dump.rdb',
      'opsdeck.backup.keep': '3',
      'opsdeck.backup.max-age': '14d',
      'opsdeck.backup.policy': '24h',
    });
    expect(p).toMatchObject({
      pre: 'redis-cli SAVE',
      stop: true,
      paths: ['/data', '/etc/app'],
      keep: 3,
      maxAgeMs: 14 * 86_400_000,
      overdueAfterMs: 86_400_000,
      problems: [],
    });
  });
  it('turns bad values into problems, never throws', () => {
    const p = backupPolicy({
      'opsdeck.backup.keep': '0',
      'opsdeck.backup.policy': 'daily',
      'opsdeck.backup.paths': 'data',
    });
    expect(p.keep).toBe(DEFAULT_KEEP);
    expect(p.overdueAfterMs).toBeNull();
    expect(p.problems).toHaveLength(3);
  });
});
