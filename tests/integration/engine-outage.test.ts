import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerOptions } from '@/lib/docker/client';
import { engineAt } from '@/lib/docker/engine';
import { groupServices } from '@/lib/docker/grouping';
import { HostWatcher } from '@/lib/docker/host-watcher';
import { computeHealth } from '@/lib/health/compute';
import { BUSYBOX, waitFor } from '../support/engine';
import { secondEngine } from '../support/second-engine';

// Stopping an engine is the one fault this test needs: it runs a second sandbox engine for it.
const engine = secondEngine('outage');

describe('engine outage', () => {
  let watcher: HostWatcher | undefined;
  afterAll(() => {
    watcher?.stop();
    engine.stop();
  });

  it('marks data stale with the last good time when the engine stops, and goes live again after it returns', async () => {
    const host = engine.start();
    const docker = new Docker(dockerOptions(host));
    // The second engine has its own image store: import the busybox image into it.
    const main = new Docker(dockerOptions(process.env.DOCKER_HOST ?? ''));
    const image = await main.getImage(BUSYBOX).get();
    await docker.loadImage(image);
    const existing = await docker.listContainers({ all: true, filters: { name: ['opsdeck-outage'] } });
    for (const c of existing) await docker.getContainer(c.Id).remove({ force: true });
    const c = await docker.createContainer({
      name: 'opsdeck-outage',
      Image: BUSYBOX,
      Cmd: ['sleep', '3600'],
      HostConfig: { NetworkMode: 'none', RestartPolicy: { Name: 'unless-stopped' } },
    });
    await c.start();

    watcher = new HostWatcher('outage', engineAt('outage', host));
    watcher.start();
    await watcher.ready(10_000);
    const w = watcher;
    expect(w.sourceStatus().status).toBe('ok');
    const lastOkAt = w.sourceStatus().lastOkAt;
    const svc = () =>
      groupServices('outage', w.containers.values(), []).find((s) => s.name === 'opsdeck-outage');
    expect(svc()?.containers[0]?.state).toBe('running');

    engine.stop();
    const stale = await waitFor(
      'stale status',
      () => (w.sourceStatus().status === 'stale' ? w.sourceStatus() : undefined),
      20_000,
    );
    expect(stale.lastOkAt).toBe(lastOkAt);
    expect(stale.error).toMatch(/unreachable/);
    const during = svc();
    if (!during) throw new Error('the last known service should still be listed');
    // The last known state says "running", but the engine is gone: never green.
    expect(computeHealth(during, w.sourceStatus()).status).toBe('unknown');

    engine.start();
    await waitFor('live again', () => (w.sourceStatus().status === 'ok' ? true : undefined), 60_000, 200);
    expect(Date.parse(w.sourceStatus().lastOkAt ?? '')).toBeGreaterThan(Date.parse(lastOkAt ?? ''));
    const after = await waitFor(
      'container back',
      () => (svc()?.containers[0]?.state === 'running' ? svc() : undefined),
      30_000,
    );
    expect(computeHealth(after, w.sourceStatus()).status).toBe('healthy');
  }, 150_000);
});
