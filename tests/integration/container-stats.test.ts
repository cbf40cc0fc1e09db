/**
 * Container stats from the real sandbox engine's stats streams, through the real route handlers:
 * a container burning a core reads > 50 % while an idle one reads < 10 %, memory that is really held
 * shows, streams close when nobody looks (but stay open for a service with a threshold label), and a
 * container stopped under its stream breaks nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { ops } from '@/lib/contract';
import { inventory } from '@/lib/docker/inventory';
import { startStatsThresholds, stopStatsThresholds } from '@/lib/docker-stats/boot';
import { statsCollector } from '@/lib/docker-stats/collector';
import { metrics } from '@/lib/metrics/registry';
import { answer, call, mintToken } from '../support/api';
import { BUSYBOX, removeByPrefix, tempDataDir, testDocker, waitFor } from '../support/engine';

process.env.OPSDECK_DATA_DIR = tempDataDir();
resetEnvCache();

const statsRoute = await import('@/app/api/v1/services/[id]/stats/route');
const listRoute = await import('@/app/api/v1/stats/route');

const STACK = `cstats${process.pid}`;
const MiB = 1024 * 1024;
/** service name → its command; `burn` carries a CPU threshold label, so it is always sampled */
const SERVICES: Record<string, string> = {
  burn: 'while :; do :; done',
  idle: 'exec sleep 3600',
  // tmpfs pages are shared memory: counted in the working set, not reclaimable cache
  mem: 'dd if=/dev/zero of=/dev/shm/fill bs=1M count=48 2>/dev/null; exec sleep 3600',
  gone: 'exec sleep 3600',
};
const id: Record<string, string> = {};
const containerId: Record<string, string> = {};
let token = '';

const stats = async (name: string) =>
  answer(
    ops.servicesStats,
    await call(statsRoute.GET, `/api/v1/services/${id[name]}/stats`, {
      token,
      params: { id: id[name] ?? '' },
    }),
  );
const openStreams = async () => (await metrics().engineStatsStreams.get()).values[0]?.value ?? 0;

beforeAll(async () => {
  token = mintToken(['read']);
  for (const [name, cmd] of Object.entries(SERVICES)) {
    const c = await testDocker().createContainer({
      Image: BUSYBOX,
      Cmd: ['sh', '-c', cmd],
      name: `${STACK}-${name}-1`,
      Labels: {
        'com.docker.compose.project': STACK,
        'com.docker.compose.service': name,
        'com.docker.compose.container-number': '1',
        ...(name === 'burn' ? { 'opsdeck.cpu.warn': '50' } : {}),
      },
      HostConfig: { NetworkMode: 'none' },
    });
    await c.start();
    containerId[name] = c.id;
  }
  await inventory().ready();
  const ours = await waitFor(
    'the four services running in the inventory',
    () => {
      const list = inventory()
        .services()
        .filter((s) => s.stack === STACK && s.containers.some((c) => c.state === 'running'));
      return list.length === 4 ? list : undefined;
    },
    20_000,
  );
  for (const s of ours) id[s.name] = s.id;
});

afterAll(async () => {
  stopStatsThresholds();
  await removeByPrefix(STACK);
});

describe('container stats from the stats streams', () => {
  it('answers a CPU figure on the first ask: busy > 50 % of a core, idle < 10 %', async () => {
    const first = await stats('idle');
    // the route waits for the stream's second document (the first CPU delta)
    expect(first.sum.cpuPercent).not.toBeNull();
    expect(first.replicas[0]?.state).toBe('sampling');
    expect(first.replicas[0]?.cpuPercent).toBeLessThan(10);
    const busy = await waitFor(
      'the burning container above 50 % of a core',
      async () => {
        const b = await stats('burn');
        return (b.sum.cpuPercent ?? 0) > 50 ? b : undefined;
      },
      15_000,
      500,
    );
    expect(busy.level).toBe('warn');
    expect(busy.thresholds.cpuPercent).toBe(50);
    expect(busy.replicas).toHaveLength(1);
    expect(busy.sum.memoryLimitBytes).toBeGreaterThan(0);
    expect(busy.sum.spark.cpu.length).toBeGreaterThan(0);
    expect((await stats('idle')).sum.cpuPercent).toBeLessThan(10);
  });

  it('shows memory that is really held above an idle container’s', async () => {
    const held = await waitFor(
      'the 48 MiB in /dev/shm',
      async () => {
        const m = await stats('mem');
        return (m.sum.memoryBytes ?? 0) > 40 * MiB ? m : undefined;
      },
      15_000,
      500,
    );
    const idle = await stats('idle');
    expect(idle.sum.memoryBytes).not.toBeNull();
    expect((held.sum.memoryBytes ?? 0) - (idle.sum.memoryBytes ?? 0)).toBeGreaterThan(30 * MiB);
  });

  it('gives the overview CPU and memory of the services asked for, and leaves out unknown ones', async () => {
    const res = await call(listRoute.GET, '/api/v1/stats', {
      token,
      query: { services: `${id.burn},${id.mem},nope/nothing` },
    });
    const body = await answer(ops.statsList, res);
    expect(Object.keys(body.services).sort()).toEqual([id.burn, id.mem].sort());
    expect(body.services[id.burn ?? '']?.cpuPercent).toBeGreaterThan(50);
    expect(body.services[id.mem ?? '']?.memoryBytes).toBeGreaterThan(40 * MiB);
    const tooMany = await call(listRoute.GET, '/api/v1/stats', {
      token,
      query: { services: Array.from({ length: 101 }, (_, i) => `s${i}`).join(',') },
    });
    expect(tooMany.status).toBe(400);
  });

  it('survives a container stopped under its stream', async () => {
    expect((await stats('gone')).sum.cpuPercent).not.toBeNull();
    expect(statsCollector().streaming(containerId.gone ?? '')).toBe(true);
    await testDocker()
      .getContainer(containerId.gone ?? '')
      .stop({ t: 0 });
    await waitFor('the stopped container’s stream to end', () =>
      statsCollector().streaming(containerId.gone ?? '') ? undefined : true,
    );
    await waitFor('the inventory to see it stopped', () =>
      inventory()
        .services()
        .find((s) => s.id === id.gone)
        ?.containers.every((c) => c.state !== 'running')
        ? true
        : undefined,
    );
    const after = await stats('gone');
    expect(after.replicas[0]?.state).toBe('stopped');
    expect(after.sum.cpuPercent).toBeNull();
    expect((await stats('idle')).sum.cpuPercent).not.toBeNull();
  });

  it('closes the streams nobody looks at, keeps the threshold service’s', async () => {
    await stats('idle');
    await stats('mem');
    startStatsThresholds();
    expect(await openStreams()).toBe(3);
    // nobody asks any more: the 15 s linger passes
    await waitFor(
      'only the threshold service’s stream left open',
      async () => ((await openStreams()) === 1 ? true : undefined),
      40_000,
      500,
    );
    expect(statsCollector().openStreams()).toBe(1);
    expect(statsCollector().streaming(containerId.burn ?? '')).toBe(true);
    stopStatsThresholds();
    await waitFor('no stream open', async () => ((await openStreams()) === 0 ? true : undefined));
  });
});
