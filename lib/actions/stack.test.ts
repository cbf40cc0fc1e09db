import { describe, expect, it } from 'vitest';
import type { DockerService } from '@/lib/docker/types';
import { AppError } from '@/lib/errors';
import { dependenciesOf, describeStack, startOrder } from './stack';

const svc = (name: string, labels: Record<string, string>, createdAt: string): DockerService =>
  ({
    id: name,
    host: 'local',
    stack: 'shop',
    name,
    kind: 'compose',
    desired: 1,
    labels,
    image: 'x',
    updatedAt: createdAt,
    containers: [{ id: `${name}-1`, createdAt, state: 'running' }],
  }) as unknown as DockerService;

describe('stack order', () => {
  it('reads compose v2 depends_on and opsdeck.depends_on; neither is null', () => {
    expect(
      dependenciesOf({
        labels: { 'com.docker.compose.depends_on': 'db:service_healthy:false,redis:service_started:true' },
      }),
    ).toEqual(['db', 'redis']);
    expect(dependenciesOf({ labels: { 'opsdeck.depends_on': ' db , redis,' } })).toEqual(['db', 'redis']);
    expect(dependenciesOf({ labels: {} })).toBeNull();
  });

  it('puts dependencies first, and keeps creation order where no label speaks', () => {
    const web = svc('web', { 'opsdeck.depends_on': 'api' }, '2026-01-01T00:00:01Z');
    const api = svc('api', { 'opsdeck.depends_on': 'db' }, '2026-01-01T00:00:02Z');
    const db = svc('db', {}, '2026-01-01T00:00:03Z');
    const cron = svc('cron', {}, '2026-01-01T00:00:00Z');
    expect(startOrder([web, api, db, cron]).map((s) => s.name)).toEqual(['cron', 'db', 'api', 'web']);
    expect(describeStack([web, api, db], 'stop')).toBe('stop web (1), api (1), db (1)');
    // compose v1 without labels: the order compose created them in
    const a = svc('a', {}, '2026-01-01T00:00:05Z');
    const b = svc('b', {}, '2026-01-01T00:00:04Z');
    expect(startOrder([a, b]).map((s) => s.name)).toEqual(['b', 'a']);
  });

  it('refuses a cycle with a 400 naming it', () => {
    const x = svc('x', { 'opsdeck.depends_on': 'y' }, '2026-01-01T00:00:01Z');
    const y = svc('y', { 'opsdeck.depends_on': 'x' }, '2026-01-01T00:00:02Z');
    let caught: unknown;
    try {
      startOrder([x, y]);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).message).toBe('dependency cycle in the stack: x → y → x');
  });
});
