import { describe, expect, it } from 'vitest';
import type { RecordedIncident } from '@/lib/services/incidents';
import { globMatches, labelsMatch, notificationEventsOf } from './events';

const inc = (kind: RecordedIncident['kind'], attributes: Record<string, unknown>): RecordedIncident => ({
  seq: 1,
  serviceId: 's',
  kind,
  summary: 'x',
  severity: 'info',
  attributes,
  at: 'now',
  containerId: null,
  containerName: null,
});

describe('notificationEventsOf', () => {
  it('maps health transitions, failed jobs, auto-rollbacks and alerts (opt-in events); never a send', () => {
    expect(notificationEventsOf(inc('health', { from: 'healthy', to: 'down' }))).toEqual(['service.down']);
    expect(notificationEventsOf(inc('health', { from: 'down', to: 'healthy' }))).toEqual([
      'service.recovered',
    ]);
    expect(
      notificationEventsOf(
        inc('health', { from: 'healthy', to: 'degraded', reasons: [{ code: 'backup_overdue' }] }),
      ),
    ).toEqual(['service.degraded', 'backup.overdue']);
    expect(
      notificationEventsOf(
        inc('health', {
          from: 'healthy',
          to: 'degraded',
          reasons: [{ code: 'backup_rpo_at_risk' }, { code: 'backup_verify_failed' }],
        }),
      ),
    ).toEqual(['service.degraded', 'backup.overdue', 'verify.failed']);
    expect(
      notificationEventsOf(
        inc('health', { from: 'healthy', to: 'degraded', reasons: [{ code: 'backup_verify_overdue' }] }),
      ),
    ).toEqual(['service.degraded', 'verify.failed']);
    expect(notificationEventsOf(inc('backup', { jobKind: 'verify', status: 'failed' }))).toEqual([
      'verify.failed',
      'job.failed',
    ]);
    expect(
      notificationEventsOf(
        inc('deploy', {
          jobKind: 'deploy',
          status: 'failed',
          error: 'deploy to x:2 failed the gate; x:1 was restored',
        }),
      ),
    ).toEqual(['deploy.rolled_back', 'job.failed']);
    expect(notificationEventsOf(inc('action', { jobKind: 'restart', status: 'succeeded' }))).toEqual([]);
    expect(notificationEventsOf(inc('alert', { state: 'firing', silencedBy: [] }))).toEqual(['alert.firing']);
    expect(notificationEventsOf(inc('alert', { state: 'firing', silencedBy: ['s1'] }))).toEqual([]);
    expect(notificationEventsOf(inc('alert', { state: 'resolved' }))).toEqual(['alert.resolved']);
    expect(notificationEventsOf(inc('notification', { ok: false }))).toEqual([]);
  });
});

describe('globMatches', () => {
  it('matches stack/service globs', () => {
    expect(globMatches('shop/*', 'shop/api')).toBe(true);
    expect(globMatches('shop/*', 'shopping/api')).toBe(false);
    expect(globMatches('*/db', 'billing/db')).toBe(true);
    expect(globMatches('*', 'a/b')).toBe(true);
    expect(globMatches('shop/a.i', 'shop/api')).toBe(false);
  });
});

describe('labelsMatch', () => {
  it('needs every wanted label, with its value or `*` for any value', () => {
    expect(labelsMatch({}, undefined)).toBe(true);
    expect(labelsMatch({ team: 'payments' }, { team: 'payments', tier: '1' })).toBe(true);
    expect(labelsMatch({ team: 'payments' }, { team: 'search' })).toBe(false);
    expect(labelsMatch({ team: 'payments', tier: '*' }, { team: 'payments' })).toBe(false);
    expect(labelsMatch({ tier: '*' }, { tier: '' })).toBe(true);
    // an unknown service (gone from the inventory) matches no label rule
    expect(labelsMatch({ team: 'payments' }, undefined)).toBe(false);
    // inherited properties are not labels
    expect(labelsMatch({ constructor: '*' }, {})).toBe(false);
  });
});
