import { describe, expect, it } from 'vitest';
import type { Service } from '@/lib/services/types';
import { wallLiveEventSchema } from './schemas';
import { projectService, wallService } from './view';

const service: Service = {
  id: 'x',
  host: 'local',
  stack: 's',
  name: 'api',
  kind: 'compose',
  status: 'down',
  reasons: [
    { code: 'unhealthy', severity: 'critical', message: 's_api_1 is unhealthy: password=hunter2' },
    { code: 'replicas', severity: 'critical', message: '0 of 1 running replicas healthy' },
  ],
  replicas: { desired: 1, running: 1, healthy: 0 },
  containers: [],
  image: {
    ref: 'team/api:1',
    updateAvailable: null,
    checkedAt: null,
    currentDigest: null,
    remoteDigest: null,
    error: null,
    note: null,
  },
  labels: { 'db.password': 'hunter2' },
  updatedAt: '2026-01-01T00:00:00Z',
  queue: null,
  swarm: null,
  metrics: {},
  alerts: { firing: 0, pending: 0 },
  up: null,
  backup: {
    lastAt: '2026-01-01T00:00:00Z',
    lastVerifiedAt: '2026-01-02T00:00:00Z',
    lastVerifyOk: true,
    lastVerifyMs: 14_000,
    schedule: { cron: '0 2 * * *', timezone: 'UTC', source: 'label', verifyCron: null, nextAt: null },
  },
};

describe('the wall projection', () => {
  it('keeps the first reason without the container’s health output, and nothing of labels or image', () => {
    const wall = wallService(service);
    expect(wall.reasons).toEqual([
      { code: 'unhealthy', severity: 'critical', message: 's_api_1 is unhealthy' },
    ]);
    expect(JSON.stringify(wall)).not.toMatch(/hunter2|team\/api/);
    // the restore-test state is on the wall; the schedule (label text) is not
    expect(wall.backup).toEqual({
      lastAt: '2026-01-01T00:00:00Z',
      lastVerifiedAt: '2026-01-02T00:00:00Z',
      lastVerifyOk: true,
      lastVerifyMs: 14_000,
      schedule: null,
    });
    const event = { seq: 1, name: 'service' as const, data: wall };
    expect(wallLiveEventSchema.parse(event)).toEqual(event);
  });
  it('hides services outside the view', () => {
    expect(projectService(service, { visible: () => false, wall: false })).toBeNull();
    expect(projectService(service, { visible: () => true, wall: false })).toBe(service);
  });
});
