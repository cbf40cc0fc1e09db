import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { ops } from '@/lib/contract';
import { engineAt } from '@/lib/docker/engine';
import type { Host } from '@/lib/hosts/schemas';
import type { Job } from '@/lib/jobs/types';
import type { LogEntry } from '@/lib/logs/types';
import type { Service } from '@/lib/services/types';
import { answer, call, json, mintToken } from '../support/api';
import { BUSYBOX, tempDataDir, waitFor } from '../support/engine';
import { secondEngine } from '../support/second-engine';
import { startProxy } from '../support/socket-proxy';

/**
 * A real two-node swarm from two sandbox engines of this file's own, on loopback: the manager listens
 * and advertises on 127.0.0.2:2377, the worker on 127.0.0.3:2377 (the shared sandbox's swarm keeps
 * 127.0.0.1:2377). Opsdeck watches both engines; everything about the swarm comes through the
 * manager: nodes, every task, the service logs of both nodes, scale.
 */
const P = 'opsdeck-test-swarmn';
const pexec = promisify(execFile);
const managerEngine = secondEngine('swarmn-manager');
const workerEngine = secondEngine('swarmn-worker');

let manager = '';
let worker = '';
let token = '';
let workerNodeId = '';

/** The docker CLI against one of this file's engines (never the shared sandbox). */
async function dk(host: string, ...args: string[]): Promise<string> {
  const { stdout } = await pexec('docker', ['-H', host, ...args], { maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim();
}

function leaveSwarm(host: string): void {
  try {
    execFileSync('docker', ['-H', host, 'swarm', 'leave', '--force'], { stdio: 'ignore' });
  } catch {
    // not in a swarm
  }
}

process.env.OPSDECK_DATA_DIR = tempDataDir();

const hostsRoute = await import('@/app/api/v1/hosts/route');
const servicesRoute = await import('@/app/api/v1/services/route');
const logsRoute = await import('@/app/api/v1/services/[id]/logs/route');
const scaleRoute = await import('@/app/api/v1/services/[id]/scale/route');
const restartRoute = await import('@/app/api/v1/services/[id]/restart/route');
const rollbackRoute = await import('@/app/api/v1/services/[id]/rollback/route');
const jobRoute = await import('@/app/api/v1/jobs/[id]/route');
const { stopInventory } = await import('@/lib/docker/inventory');

beforeAll(async () => {
  manager = managerEngine.start();
  worker = workerEngine.start();
  // an interrupted run may have left them in a swarm
  leaveSwarm(worker);
  leaveSwarm(manager);
  // the engines have data roots of their own: they get the test image from the shared one (no pull)
  for (const host of [manager, worker])
    execFileSync('bash', ['-c', `docker save ${BUSYBOX} | docker -H '${host}' load -q`], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  // the data path port differs from the shared sandbox swarm's (4789), as do the addresses
  await dk(
    manager,
    'swarm',
    'init',
    '--advertise-addr',
    '127.0.0.2',
    '--listen-addr',
    '127.0.0.2:2377',
    '--data-path-port',
    '4790',
  );
  const joinToken = await dk(manager, 'swarm', 'join-token', '-q', 'worker');
  await dk(
    worker,
    'swarm',
    'join',
    '--token',
    joinToken,
    '--advertise-addr',
    '127.0.0.3',
    '--listen-addr',
    '127.0.0.3:2377',
    '127.0.0.2:2377',
  );
  workerNodeId = await dk(worker, 'info', '--format', '{{.Swarm.NodeID}}');
  await waitFor(
    'both nodes ready',
    async () =>
      (await dk(manager, 'node', 'ls', '--format', '{{.Status}}')).split('\n').filter((s) => s === 'Ready')
        .length === 2
        ? true
        : undefined,
    60_000,
    250,
  );
  process.env.OPSDECK_DOCKER_HOSTS = `manager=${manager},worker=${worker}`;
  resetEnvCache();
  token = mintToken(['read', 'operate']);
}, 180_000);

afterAll(async () => {
  stopInventory();
  // a failed step above must not leave a swarm or engines behind
  for (const [host, e] of [
    [worker, workerEngine],
    [manager, managerEngine],
  ] as const) {
    if (host) leaveSwarm(host);
    try {
      e.stop();
    } catch {
      // already stopped
    }
  }
}, 120_000);

async function hosts(): Promise<Map<string, Host>> {
  const res = await call(hostsRoute.GET, '/api/v1/hosts', { token });
  expect(res.status).toBe(200);
  return new Map((await answer(ops.hostsList, res)).hosts.map((h) => [h.name, h]));
}

async function service(name: string, ready: (s: Service) => boolean, timeoutMs = 60_000): Promise<Service> {
  let last: Service | undefined;
  return waitFor(
    `${name} on the manager: ${JSON.stringify(last?.swarm ?? null)}`,
    async () => {
      const res = await call(servicesRoute.GET, '/api/v1/services', { token });
      const { services } = await answer(ops.servicesList, res);
      last = services.find((s) => s.name === name && s.host === 'manager');
      return last && ready(last) ? last : undefined;
    },
    timeoutMs,
    250,
  );
}

async function workerLabel(): Promise<string> {
  const h = await waitFor(
    'the manager to list its nodes',
    async () => (await hosts()).get('manager')?.swarm ?? undefined,
  );
  return h.nodes.find((n) => n.id === workerNodeId)?.label ?? '';
}

describe('a two-node swarm seen through its manager', () => {
  it('lists the nodes with their role, availability and state on the manager only', async () => {
    const swarm = await waitFor('two nodes', async () => {
      const s = (await hosts()).get('manager')?.swarm;
      return s && s.nodes.length === 2 && s.nodes.every((n) => n.state === 'ready') ? s : undefined;
    });
    const byRole = new Map(swarm.nodes.map((n) => [n.role, n]));
    expect(byRole.get('manager')).toMatchObject({ leader: true, availability: 'active', state: 'ready' });
    expect(byRole.get('worker')).toMatchObject({ id: workerNodeId, leader: false, availability: 'active' });
    // both engines run on this machine with one hostname: the labels tell them apart
    expect(new Set(swarm.nodes.map((n) => n.label)).size).toBe(2);
    // the worker's engine is no manager: it reports no swarm, and no swarm services
    expect((await hosts()).get('worker')?.swarm).toBeNull();
  });

  it('shows desired vs running per node for a service spread on both nodes', async () => {
    await dk(
      manager,
      'service',
      'create',
      '-d',
      '-q',
      '--name',
      `${P}-web`,
      '--replicas',
      '4',
      '--network',
      'host',
      '--stop-grace-period',
      '1s',
      '--env',
      'NODE={{.Node.ID}}',
      '--env',
      'SLOT={{.Task.Slot}}',
      BUSYBOX,
      'sh',
      '-c',
      'trap "exit 0" TERM; while :; do echo "tick $SLOT on $NODE"; sleep 1; done',
    );
    const web = await service(
      `${P}-web`,
      (s) => s.swarm?.tasks.filter((t) => t.state === 'running').length === 4 && s.swarm.nodes.length === 2,
      90_000,
    );
    expect(web.status).toBe('healthy');
    expect(web.replicas).toMatchObject({ desired: 4, running: 4 });
    expect(web.swarm?.summary).toBe('4 of 4 tasks running on 2 nodes');
    const onWorker = web.swarm?.nodes.find((n) => n.nodeId === workerNodeId);
    expect(onWorker?.running).toBeGreaterThan(0);
    expect(onWorker?.running).toBe(onWorker?.desired);
    // only the manager's own containers are in `containers`; the tasks cover both nodes
    expect(web.containers.length).toBeLessThan(4);
    expect(web.swarm?.tasks.map((t) => t.slot).sort()).toEqual([1, 2, 3, 4]);
    // the worker's engine does not show the swarm service a second time
    const res = await call(servicesRoute.GET, '/api/v1/services', { token });
    const { services } = await answer(ops.servicesList, res);
    expect(services.filter((s) => s.name === `${P}-web`).map((s) => s.host)).toEqual(['manager']);
  }, 120_000);

  it('reads the service logs through the manager: lines of both nodes, labelled name.slot@node', async () => {
    const label = await workerLabel();
    const web = await service(`${P}-web`, () => true);
    const entries = await waitFor(
      'lines from both nodes',
      async () => {
        const res = await call(logsRoute.GET, '/', { token, params: { id: web.id }, query: { tail: '20' } });
        expect(res.status).toBe(200);
        const lines = (await res.text())
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as LogEntry);
        const nodes = new Set(lines.map((l) => l.container.split('@')[1]));
        return nodes.size === 2 ? lines : undefined;
      },
      60_000,
      500,
    );
    const fromWorker = entries.filter((e) => e.container.endsWith(`@${label}`));
    expect(fromWorker.length).toBeGreaterThan(0);
    for (const e of entries) {
      // the label's slot and node are those the task itself printed
      const [, slot] = /^opsdeck-test-swarmn-web\.(\d)@/.exec(e.container) ?? [];
      expect(e.message).toContain(`tick ${slot} on `);
      expect(e.message.endsWith(` on ${workerNodeId}`)).toBe(e.container.endsWith(`@${label}`));
    }
    // merged in time order, cut to the newest 20
    expect(entries.length).toBeLessThanOrEqual(20);
    expect(entries.map((e) => e.ts)).toEqual([...entries.map((e) => e.ts)].sort());
    // one task picked by its label
    const one = fromWorker[0]?.container ?? '';
    const res = await call(logsRoute.GET, '/', {
      token,
      params: { id: web.id },
      query: { tail: '5', container: one },
    });
    const picked = (await res.text())
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogEntry);
    expect(picked.length).toBeGreaterThan(0);
    expect(new Set(picked.map((e) => e.container))).toEqual(new Set([one]));
  }, 120_000);

  it('follows the service logs through the manager: new lines of both nodes arrive', async () => {
    const label = await workerLabel();
    const web = await service(`${P}-web`, () => true);
    const ac = new AbortController();
    const res = await call(logsRoute.GET, '/', {
      token,
      params: { id: web.id },
      query: { tail: '0', follow: '1' },
      signal: ac.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body?.getReader();
    if (!reader) throw new Error('no body');
    const decoder = new TextDecoder();
    let text = '';
    const seen = () =>
      text
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as LogEntry);
    const deadline = Date.now() + 40_000;
    try {
      // the engine follows every task; each prints a line a second
      while (
        !(
          seen().some((e) => e.container.endsWith(`@${label}`)) &&
          seen().some((e) => !e.container.endsWith(`@${label}`))
        )
      ) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no lines of both nodes; got: ${text.slice(-500)}`);
        const r = await Promise.race([
          reader.read(),
          new Promise<null>((resolve) => setTimeout(() => resolve(null), left)),
        ]);
        if (r === null) continue;
        if (r.done) break;
        text += decoder.decode(r.value, { stream: true });
      }
    } finally {
      await reader.cancel();
      ac.abort();
    }
    const entries = seen();
    expect(new Set(entries.map((e) => e.container.split('@')[1])).size).toBe(2);
    for (const e of entries) expect(e.message).toMatch(/^tick \d on /);
  }, 60_000);

  it('gives the task error as the health reason when a constraint cannot be met', async () => {
    await dk(
      manager,
      'service',
      'create',
      '-d',
      '-q',
      '--name',
      `${P}-nowhere`,
      '--constraint',
      'node.labels.opsdeck-nowhere==yes',
      '--network',
      'host',
      BUSYBOX,
      'sleep',
      '3600',
    );
    const svc = await service(`${P}-nowhere`, (s) =>
      s.reasons.some((r) => r.code === 'task_not_running' && r.message.includes('no suitable node')),
    );
    expect(svc.status).toBe('down');
    expect(svc.replicas).toMatchObject({ desired: 1, running: 0 });
    const reason = svc.reasons.find((r) => r.code === 'task_not_running');
    expect(reason?.message).toMatch(/^opsdeck-test-swarmn-nowhere\.1 pending: no suitable node/);
    expect(svc.swarm?.tasks[0]).toMatchObject({ state: 'pending', node: null });
  }, 90_000);

  it('scales through the manager: new tasks land on both nodes', async () => {
    const web = await service(`${P}-web`, () => true);
    const res = await call(scaleRoute.POST, '/', { token, params: { id: web.id }, body: { replicas: 6 } });
    expect(res.status).toBe(202);
    const jobId = (await json<{ job: Job }>(res)).job.id;
    const job = await waitFor(
      'the scale job',
      async () => {
        const r = await call(jobRoute.GET, '/', { token, params: { id: jobId } });
        const { job } = await json<{ job: Job }>(r);
        return ['queued', 'running'].includes(job.status) ? undefined : job;
      },
      90_000,
      250,
    );
    expect(job.status).toBe('succeeded');
    expect(job.results).toEqual([{ target: `${P}-web`, ok: true, message: '6 of 6 tasks running' }]);
    expect(
      await dk(manager, 'service', 'inspect', '--format', '{{.Spec.Mode.Replicated.Replicas}}', `${P}-web`),
    ).toBe('6');
    const after = await service(`${P}-web`, (s) => s.replicas.running === 6 && s.status === 'healthy');
    expect(after.swarm?.summary).toBe('6 of 6 tasks running on 2 nodes');
  }, 120_000);

  it('restarts (force update) and rolls back through the manager: tasks on both nodes replaced', async () => {
    const runningIds = async () =>
      (await dk(manager, 'service', 'ps', '-q', '--filter', 'desired-state=running', `${P}-web`))
        .split('\n')
        .sort();
    const before = await runningIds();
    const web = await service(`${P}-web`, () => true);
    for (const [route, kind] of [
      [restartRoute, 'restart'],
      [rollbackRoute, 'rollback'],
    ] as const) {
      const res = await call(route.POST, '/', { token, params: { id: web.id }, body: {} });
      expect(res.status, kind).toBe(202);
      const jobId = (await json<{ job: Job }>(res)).job.id;
      const job = await waitFor(
        `the ${kind} job`,
        async () => {
          const r = await call(jobRoute.GET, '/', { token, params: { id: jobId } });
          const { job } = await json<{ job: Job }>(r);
          return ['queued', 'running'].includes(job.status) ? undefined : job;
        },
        120_000,
        250,
      );
      expect(job.status, `${kind}: ${JSON.stringify(job.results)}`).toBe('succeeded');
    }
    expect(await dk(manager, 'service', 'inspect', '--format', '{{.UpdateStatus.State}}', `${P}-web`)).toBe(
      'rollback_completed',
    );
    const after = await runningIds();
    expect(after).toHaveLength(6);
    expect(after.filter((id) => before.includes(id))).toEqual([]);
    const svc = await service(`${P}-web`, (s) => s.replicas.running === 6 && s.swarm?.nodes.length === 2);
    expect(svc.swarm?.updateStatus).toBe('rollback_completed');
  }, 300_000);

  it('shows a drained node, and its tasks moved to the other one', async () => {
    await dk(manager, 'node', 'update', '--availability', 'drain', workerNodeId);
    const swarm = await waitFor('the worker shown as drained', async () => {
      const s = (await hosts()).get('manager')?.swarm;
      return s?.nodes.find((n) => n.id === workerNodeId)?.availability === 'drain' ? s : undefined;
    });
    expect(swarm.nodes.find((n) => n.role === 'manager')?.availability).toBe('active');
    const web = await service(
      `${P}-web`,
      (s) =>
        s.replicas.running === 6 &&
        (s.swarm?.nodes ?? []).every((n) => n.nodeId !== workerNodeId) &&
        (s.swarm?.tasks ?? []).every((t) => t.state === 'running'),
      120_000,
    );
    expect(web.swarm?.summary).toBe('6 of 6 tasks running on 1 node');
    expect(web.swarm?.nodes).toEqual([
      expect.objectContaining({ availability: 'active', desired: 6, running: 6 }),
    ]);
  }, 150_000);

  it('the socket proxy forwards the two swarm reads (nodes, service logs) to the manager', async () => {
    const before = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = manager;
    const proxy = await startProxy().finally(() => {
      process.env.DOCKER_HOST = before;
    });
    try {
      const px = engineAt('manager', `unix://${proxy.socket}`);
      expect((await px.listNodes()).length).toBe(2);
      const svc = (await px.listServices()).find((s) => s.Spec?.Name === `${P}-web`);
      const ac = new AbortController();
      const res = await px.serviceLogStream(
        svc?.ID ?? '',
        { stdout: 1, stderr: 1, tail: 1, details: 1 },
        ac.signal,
      );
      expect(res.statusCode).toBe(200);
      res.destroy();
      ac.abort();
      await waitFor('the proxy log', () =>
        ['nodes.list', 'service.logs'].every((n) => proxy.allowed().includes(n)) ? true : undefined,
      );
    } finally {
      await proxy.stop();
    }
  });
});
