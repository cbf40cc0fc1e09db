import { describe, expect, it } from 'vitest';
import type { ContainerInfo, DockerService } from '@/lib/docker/types';
import { computeHealth } from './compute';

const ok = { status: 'ok', lastOkAt: '2026-01-01T00:00:00Z' } as const;
const now = Date.parse('2026-01-01T01:00:00Z');

function container(over: Partial<ContainerInfo> = {}): ContainerInfo {
  return {
    id: Math.random().toString(16).slice(2),
    name: 'c',
    replica: 1,
    state: 'running',
    health: 'healthy',
    image: 'img',
    imageId: 'sha256:1',
    startedAt: '2026-01-01T00:00:00Z',
    finishedAt: null,
    createdAt: '2026-01-01T00:00:00Z',
    restartCount: 0,
    exitCode: null,
    oomKilled: false,
    healthLog: null,
    ports: [],
    labels: {},
    tty: false,
    networkMode: 'host',
    configHash: null,
    ...over,
  };
}

function svc(containers: ContainerInfo[], desired = containers.length): DockerService {
  return {
    id: 'x',
    host: 'local',
    stack: 's',
    name: 'n',
    kind: 'compose',
    desired,
    containers,
    labels: {},
    image: 'img',
    updatedAt: '',
  };
}

describe('computeHealth', () => {
  it('is healthy when every desired replica runs and is healthy', () => {
    const h = computeHealth(svc([container(), container({ health: 'none' })]), ok, [], now);
    expect(h).toMatchObject({ status: 'healthy', replicas: { desired: 2, running: 2, healthy: 2 } });
  });

  it('is degraded with a reason when one replica is unhealthy, quoting its probe output', () => {
    const bad = container({
      name: 'w2',
      health: 'unhealthy',
      healthLog: { at: '', exitCode: 1, output: 'redis down' },
    });
    const h = computeHealth(svc([container(), bad]), ok, [], now);
    expect(h.status).toBe('degraded');
    expect(h.reasons.map((r) => r.code)).toEqual(['replicas_unhealthy', 'unhealthy']);
    expect(h.reasons[1]?.message).toContain('redis down');
  });

  it('is down when nothing runs, with the exit code as a reason', () => {
    const h = computeHealth(svc([container({ state: 'exited', exitCode: 137 })]), ok, [], now);
    expect(h.status).toBe('down');
    expect(h.reasons.map((r) => r.code)).toEqual(['no_replicas_running', 'exited_nonzero']);
  });

  it('reports a restart loop', () => {
    const h = computeHealth(svc([container({ state: 'restarting', restartCount: 5 })]), ok, [], now);
    expect(h.reasons.filter((r) => r.code === 'restart_loop')).toEqual([
      { code: 'restart_loop', severity: 'critical', message: 'c is restarting (5 restarts)' },
    ]);
  });

  it('is degraded when fewer replicas run than desired (swarm)', () => {
    const h = computeHealth(svc([container()], 3), ok, [], now);
    expect(h).toMatchObject({ status: 'degraded', replicas: { desired: 3, running: 1, healthy: 1 } });
  });

  it('lets other sources make a healthy service degraded, but never better', () => {
    const alert = { code: 'alert_firing', severity: 'critical', message: 'QueueBacklog' } as const;
    expect(computeHealth(svc([container()]), ok, [alert], now).status).toBe('degraded');
    const down = computeHealth(svc([container({ state: 'exited', exitCode: 1 })]), ok, [alert], now);
    expect(down.status).toBe('down');
  });

  it('is unknown, never green, when the engine is unreachable', () => {
    const h = computeHealth(
      svc([container()]),
      { status: 'stale', lastOkAt: '2026-01-01T00:59:00Z' },
      [],
      now,
    );
    expect(h.status).toBe('unknown');
    expect(h.reasons[0]?.code).toBe('engine_unreachable');
    expect(h.reasons[0]?.message).toContain('2026-01-01T00:59:00Z');
  });
});

describe('a source capping the status (probes)', () => {
  const notReady = {
    code: 'probe_ready_failed',
    severity: 'warning',
    message: 'ready probe answered 503',
  } as const;
  const notLive = {
    code: 'probe_live_failed',
    severity: 'critical',
    message: 'live probe timed out',
  } as const;
  it('alive but not ready is degraded, never healthy', () => {
    expect(computeHealth(svc([container()]), ok, [notReady], now, 'degraded').status).toBe('degraded');
  });
  it('a failing liveness probe makes a running service down, with the reason', () => {
    const h = computeHealth(svc([container()]), ok, [notLive], now, 'down');
    expect(h.status).toBe('down');
    expect(h.reasons.map((r) => r.code)).toContain('probe_live_failed');
  });
  it('never makes it greener: an unreachable engine stays unknown', () => {
    expect(
      computeHealth(svc([container()]), { status: 'down', lastOkAt: null }, [notLive], now, 'down').status,
    ).toBe('unknown');
  });
});

describe('a swarm service with its tasks on every node', () => {
  const swarmSvc = (
    tasks: NonNullable<DockerService['swarm']>['tasks'],
    containers: ContainerInfo[] = [],
  ) => ({
    ...svc(containers, 4),
    kind: 'swarm' as const,
    swarm: { serviceId: 's1', version: 1, mode: 'replicated' as const, updateStatus: null, tasks },
  });
  const summary = (
    running: number,
    problems: { task: string; state: string; reason: string | null }[] = [],
  ) => ({
    tasks: [],
    nodes: [],
    desired: 4,
    running,
    summary: '',
    problems,
  });

  it('counts running tasks on other nodes, not only this engine’s containers', () => {
    const h = computeHealth(swarmSvc(summary(4), [container()]), ok, [], now);
    expect(h).toMatchObject({ status: 'healthy', replicas: { desired: 4, running: 4, healthy: 4 } });
  });

  it('gives the engine’s task error as the reason when tasks are short', () => {
    const h = computeHealth(
      swarmSvc(
        summary(3, [
          { task: 'web.4', state: 'pending', reason: 'no suitable node (insufficient resources on 2 nodes)' },
        ]),
      ),
      ok,
      [],
      now,
    );
    expect(h.status).toBe('degraded');
    expect(h.reasons).toContainEqual({
      code: 'task_not_running',
      severity: 'warning',
      message: 'web.4 pending: no suitable node (insufficient resources on 2 nodes)',
    });
  });

  it('a local container that is not healthy is taken off the running tasks', () => {
    const h = computeHealth(swarmSvc(summary(4), [container({ health: 'unhealthy' })]), ok, [], now);
    expect(h).toMatchObject({ status: 'degraded', replicas: { running: 4, healthy: 3 } });
  });
});
