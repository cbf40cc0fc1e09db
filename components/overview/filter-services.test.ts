import { describe, expect, it } from 'vitest';
import type { Service } from '@/lib/services/types';
import { countByStatus, groupForDisplay, hostsOf } from './filter-services';

const svc = (stack: string, name: string, status: Service['status'], host = 'local') =>
  ({
    id: `${host}/${stack}/${name}`,
    host,
    stack,
    name,
    status,
    image: { ref: `${name}:1` },
    kind: 'compose',
  }) as unknown as Service;

const all = [
  svc('b', 'web', 'healthy'),
  svc('a', 'redis', 'down'),
  svc('', 'loose', 'healthy'),
  svc('a', 'api', 'degraded'),
];
const names = (groups: ReturnType<typeof groupForDisplay>) =>
  groups.flatMap((g) => g.services.map((s) => s.name));

describe('groupForDisplay', () => {
  it('groups by stack, standalone containers last, names sorted', () => {
    const g = groupForDisplay(all, { statuses: [], text: '' });
    expect(g.map((x) => [x.stack, x.services.map((s) => s.name)])).toEqual([
      ['a', ['api', 'redis']],
      ['b', ['web']],
      ['', ['loose']],
    ]);
  });

  it('filters by status and by text', () => {
    expect(names(groupForDisplay(all, { statuses: ['down'], text: '' }))).toEqual(['redis']);
    expect(names(groupForDisplay(all, { statuses: [], text: 'B/W' }))).toEqual(['web']);
  });

  it('keeps a stack of the same name on two engines apart, and groups or filters by host', () => {
    const two = [...all, svc('a', 'api', 'unknown', 'edge'), svc('', 'probe', 'healthy', 'edge')];
    expect(groupForDisplay(two, { statuses: [], text: '' }).map((g) => `${g.stack}@${g.host}`)).toEqual([
      'a@edge',
      'a@local',
      'b@local',
      '@edge',
      '@local',
    ]);
    const byHost = groupForDisplay(two, { statuses: [], text: '', groupBy: 'host' });
    expect(byHost.map((g) => [g.host, g.stack, g.services.map((s) => `${s.stack}/${s.name}`)])).toEqual([
      ['edge', undefined, ['/probe', 'a/api']],
      ['local', undefined, ['/loose', 'a/api', 'a/redis', 'b/web']],
    ]);
    expect(names(groupForDisplay(two, { statuses: [], text: '', host: 'edge' }))).toEqual(['api', 'probe']);
    expect(names(groupForDisplay(two, { statuses: [], text: 'edge' }))).toEqual(['api', 'probe']);
    expect(hostsOf(two)).toEqual(['edge', 'local']);
  });

  it('counts per status', () => {
    expect(countByStatus(all)).toEqual({ healthy: 2, degraded: 1, down: 1, unknown: 0 });
  });
});
