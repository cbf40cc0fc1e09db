import { describe, expect, it } from 'vitest';
import type { Service } from '@/lib/services/types';
import { countByStatus, groupForDisplay } from './filter-services';

const svc = (stack: string, name: string, status: Service['status']) =>
  ({
    id: `${stack}/${name}`,
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

describe('groupForDisplay', () => {
  it('groups by stack, standalone containers last, names sorted', () => {
    const g = groupForDisplay(all, { statuses: [], text: '' });
    expect(g.map(([k, v]) => [k, v.map((s) => s.name)])).toEqual([
      ['a', ['api', 'redis']],
      ['b', ['web']],
      ['', ['loose']],
    ]);
  });

  it('filters by status and by text', () => {
    expect(
      groupForDisplay(all, { statuses: ['down'], text: '' }).flatMap(([, v]) => v.map((s) => s.name)),
    ).toEqual(['redis']);
    expect(
      groupForDisplay(all, { statuses: [], text: 'B/W' }).flatMap(([, v]) => v.map((s) => s.name)),
    ).toEqual(['web']);
  });

  it('counts per status', () => {
    expect(countByStatus(all)).toEqual({ healthy: 2, degraded: 1, down: 1, unknown: 0 });
  });
});
