import { describe, expect, it } from 'vitest';
import type { Backup } from './catalog';
import { expiredBackups } from './retention';

const day = 86_400_000;
const now = Date.parse('2026-11-23T12:00:00Z');

function backup(id: string, ageDays: number, kind: Backup['kind'] = 'manual'): Backup {
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
    status: 'complete',
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
});
