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
      {
        lastBackupAt: hoursAgo(2),
        firstBackupAt: hoursAgo(2),
        lastVerifiedBackupAt: hoursAgo(5),
        lastGoodBackupAt: hoursAgo(2),
        lastVerify: null,
      },
      now,
    );
    expect(codes(r)).toEqual([]);
    expect(r.deadline).toBe(now + 19 * 3_600_000);
  });
  it('flags a stale backup and a stale verified one separately', () => {
    const r = backupsContribution(
      svc({ 'opsdeck.backup.policy': '24h' }),
      {
        lastBackupAt: hoursAgo(2),
        firstBackupAt: hoursAgo(2),
        lastVerifiedBackupAt: hoursAgo(30),
        lastGoodBackupAt: hoursAgo(2),
        lastVerify: null,
      },
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
  it('with a nightly schedule: RPO at risk once a night was skipped, and says so', () => {
    const labels = { 'opsdeck.backup.schedule': '0 2 * * *' };
    const fine = backupsContribution(
      svc(labels),
      {
        lastBackupAt: hoursAgo(10),
        firstBackupAt: hoursAgo(10),
        lastVerifiedBackupAt: null,
        lastGoodBackupAt: hoursAgo(10),
        lastVerify: null,
      },
      now,
    );
    expect(codes(fine)).toEqual([]);
    expect(fine.contribution.fields?.backup?.schedule).toMatchObject({
      cron: '0 2 * * *',
      nextAt: '2026-11-24T02:00:00.000Z',
    });
    const late = backupsContribution(
      svc(labels),
      {
        lastBackupAt: hoursAgo(34),
        firstBackupAt: hoursAgo(34),
        lastVerifiedBackupAt: null,
        lastGoodBackupAt: hoursAgo(34),
        lastVerify: null,
      },
      now,
    );
    expect(codes(late)).toEqual(['backup_rpo_at_risk']);
    expect(late.contribution.reasons?.[0]?.message).toContain('RPO at risk');
  });
  it('a failed restore test degrades with its reason; the API fields carry it', () => {
    const r = backupsContribution(
      svc({ 'opsdeck.backup.schedule': '0 2 * * *' }),
      {
        lastBackupAt: hoursAgo(10),
        firstBackupAt: hoursAgo(10),
        lastVerifiedBackupAt: null,
        lastGoodBackupAt: hoursAgo(10),
        lastVerify: {
          at: hoursAgo(1),
          ok: false,
          ms: 14_000,
          message: 'check "redis-check-rdb" exited with code 1',
        },
      },
      now,
    );
    expect(codes(r)).toEqual(['backup_verify_failed']);
    expect(r.contribution.reasons?.[0]?.message).toContain('redis-check-rdb');
    expect(r.contribution.fields?.backup).toMatchObject({
      lastAt: hoursAgo(10),
      lastVerifiedAt: hoursAgo(1),
      lastVerifyOk: false,
      lastVerifyMs: 14_000,
    });
  });
  it('a restore test overdue by its weekly schedule', () => {
    // Monday noon; the Sunday 04:00 restore test last passed 9 days ago
    const r = backupsContribution(
      svc({ 'opsdeck.backup.schedule': '0 2 * * *' }),
      {
        lastBackupAt: hoursAgo(10),
        firstBackupAt: hoursAgo(30 * 24),
        lastVerifiedBackupAt: hoursAgo(9 * 24),
        lastGoodBackupAt: hoursAgo(10),
        lastVerify: { at: hoursAgo(9 * 24), ok: true, ms: 14_000, message: 'ok' },
      },
      now,
    );
    expect(codes(r)).toEqual(['backup_verify_overdue']);
  });
});
