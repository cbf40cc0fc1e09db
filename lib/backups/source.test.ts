import { describe, expect, it } from 'vitest';
import type { DockerService } from '@/lib/docker/types';
import { backupsContribution } from './source';

const now = Date.parse('2026-11-23T12:00:00Z');
const hoursAgo = (h: number) => new Date(now - h * 3_600_000).toISOString();

function svc(labels: Record<string, string>): DockerService {
  return {
    id: 'svc',
    host: 'local',
    stack: 'cat',
    name: 'redis',
    kind: 'compose',
    desired: 1,
    containers: [],
    labels,
    image: 'redis',
    updatedAt: hoursAgo(0),
  };
}

const codes = (r: ReturnType<typeof backupsContribution>) => r.contribution.reasons?.map((x) => x.code);

describe('backupsContribution', () => {
  it('says nothing for a service without a policy', () => {
    expect(codes(backupsContribution(svc({}), undefined, now))).toEqual([]);
  });
  it('is overdue with no backup at all', () => {
    const r = backupsContribution(svc({ 'opsdeck.backup.policy': '24h' }), undefined, now);
    expect(codes(r)).toEqual(['backup_overdue', 'backup_unverified']);
    expect(r.contribution.reasons?.[0]?.severity).toBe('warning');
  });
  it('is fine within the policy and reports when that ends', () => {
    const r = backupsContribution(
      svc({ 'opsdeck.backup.policy': '24h' }),
      { lastBackupAt: hoursAgo(2), lastVerifiedBackupAt: hoursAgo(5) },
      now,
    );
    expect(codes(r)).toEqual([]);
    expect(r.deadline).toBe(now + 19 * 3_600_000);
  });
  it('flags a stale backup and a stale verified one separately', () => {
    const r = backupsContribution(
      svc({ 'opsdeck.backup.policy': '24h' }),
      { lastBackupAt: hoursAgo(2), lastVerifiedBackupAt: hoursAgo(30) },
      now,
    );
    expect(codes(r)).toEqual(['backup_unverified']);
  });
  it('reports a bad label as info', () => {
    const r = backupsContribution(svc({ 'opsdeck.backup.policy': 'daily' }), undefined, now);
    expect(r.contribution.reasons).toEqual([
      expect.objectContaining({ code: 'backup_policy_invalid', severity: 'info' }),
    ]);
  });
});
