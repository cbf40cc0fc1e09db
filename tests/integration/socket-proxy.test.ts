import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHelper, execInContainer, removeHelper } from '@/lib/backups/docker-ops';
import { cloneOptions, replicaName } from '@/lib/docker/compose';
import { type Engine, engineAt } from '@/lib/docker/engine';
import { ENGINE_CALLS } from '@/lib/docker/engine-calls';
import { swarmForceRestart, swarmScale } from '@/lib/docker/swarm';
import { compose, docker, removeByPrefix, waitFor } from '../support/engine';
import { type RunningProxy, startProxy } from '../support/socket-proxy';

/**
 * Opsdeck's own engine flows, through the real proxy (deploy/socket-proxy/proxy.mjs) in front of the
 * real sandbox engine: every call Opsdeck's client makes must pass. The hostile side is
 * socket-proxy-hostile.test.ts.
 */
const P = 'opsdeck-test-proxy';
const bindDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-proxy-bind-'));
let proxy: RunningProxy;
let px: Engine;
let webId = '';

const reporter = () => ({
  step: () => undefined,
  progress: () => undefined,
  result: (r: { ok: boolean; message: string }) => {
    if (!r.ok) throw new Error(r.message);
  },
  signal: new AbortController().signal,
});

beforeAll(async () => {
  await removeByPrefix(P);
  await docker('volume', 'rm', '-f', `${P}_data`).catch(() => '');
  fs.writeFileSync(path.join(bindDir, 'config.txt'), 'bound');
  await compose(
    P,
    `version: "2.4"
services:
  web:
    image: opsdeck-demo/busybox:1
    command: ["sh", "-c", "echo started; exec sleep 3600"]
    network_mode: host
    volumes: ["data:/data", "${bindDir}:/config"]
volumes:
  data: {}
`,
    'up',
    '-d',
  );
  webId = await docker('ps', '-q', '--no-trunc', '--filter', `label=com.docker.compose.project=${P}`);
  proxy = await startProxy();
  px = engineAt('local', `unix://${proxy.socket}`);
});

afterAll(async () => {
  await proxy?.stop();
  await removeByPrefix(P);
  await docker('volume', 'rm', '-f', `${P}_data`).catch(() => '');
  fs.rmSync(bindDir, { recursive: true, force: true });
});

describe('the socket proxy forwards what Opsdeck does', () => {
  it('lists, inspects, reads logs, stats and events', async () => {
    const list = await px.listContainers({
      all: true,
      filters: { label: [`com.docker.compose.project=${P}`] },
    });
    expect(list.map((c) => c.Id)).toEqual([webId]);
    const info = await px.container(webId).inspect();
    expect(info.Config.Labels?.['com.docker.compose.service']).toBe('web');
    expect((await px.container(webId).output()).toString()).toContain('started');
    expect(await px.container(webId).stats()).toHaveProperty('memory_stats');
    const ac = new AbortController();
    const logs = await px.logStream(webId, { stdout: 1, stderr: 1, follow: 1, tail: 5 }, ac.signal);
    expect(logs.statusCode).toBe(200);
    ac.abort();
    const events = await px.events(Math.floor(Date.now() / 1000) - 600, { type: ['container'] });
    const first = await new Promise<string>((resolve) =>
      events.once('data', (c: Buffer) => resolve(c.toString())),
    );
    expect(JSON.parse(first.split('\n')[0] ?? '')).toHaveProperty('Type', 'container');
    (events as unknown as { destroy(): void }).destroy();
    expect((await px.inspectImage('opsdeck-demo/busybox:1')).Id).toMatch(/^sha256:/);
    expect((await px.version()).ApiVersion).toMatch(/^1\.\d+$/);
  });

  it('restarts, and clones the compose service (scale up), then removes the clone', async () => {
    await px.container(webId).restart({ t: 1 });
    const info = await px.container(webId).inspect();
    const name = replicaName(P, 'web', 2, [info.Name.slice(1)]);
    const clone = await px.createContainer(cloneOptions(info, { name, number: 2 }));
    await clone.start();
    expect((await clone.inspect()).State.Running).toBe(true);
    await clone.stop({ t: 1 });
    await clone.start();
    await clone.kill();
    await clone.wait();
    await clone.remove({ force: true });
  });

  it('runs a backup pre-command (exec) in the service and copies a volume and a bind through helpers', async () => {
    const pre = await execInContainer(px.container(webId), 'echo pre-ok; exit 3', { timeoutMs: 30_000 });
    expect(pre).toMatchObject({ exitCode: 3 });
    expect(pre.output).toContain('pre-ok');
    for (const mount of [
      { type: 'volume' as const, source: `${P}_data`, target: '/v' },
      { type: 'bind' as const, source: bindDir, target: '/v' },
    ]) {
      const helper = await createHelper(px, {
        image: 'opsdeck-demo/busybox:1',
        mounts: [mount],
        purpose: 'test',
      });
      try {
        const tar = await helper.getArchive('/v');
        const chunks: Buffer[] = [];
        for await (const c of tar as AsyncIterable<Buffer>) chunks.push(c);
        const bytes = Buffer.concat(chunks);
        expect(bytes.length).toBeGreaterThan(0);
        await helper.putArchive(Readable.from([bytes]), '/');
      } finally {
        await removeHelper(helper);
      }
    }
    const vol = `opsdeck-verify-proxytest-${Date.now()}`;
    await px.createVolume(vol, { 'opsdeck.throwaway': 'true' });
    expect(await px.inspectVolume(vol)).toHaveProperty('Name', vol);
    expect(await px.listVolumeNames(['opsdeck.throwaway=true'])).toContain(vol);
    await px.removeVolume(vol, { force: true });
  });

  it('runs a terminal: a TTY exec with stdin, attached through the upgrade, resized', async () => {
    const exec = await px.container(webId).execTerminal(['sh'], ['TERM=xterm-256color', 'LANG=C.UTF-8']);
    const stream = await exec.start();
    let seen = '';
    stream.on('data', (c: Buffer) => {
      seen += c.toString();
    });
    await exec.resize(91, 23);
    stream.write('stty size; echo hi-$((1+2))\r');
    await waitFor('the terminal to answer', () => (seen.includes('hi-3') ? true : undefined), 15_000);
    expect(seen).toContain('23 91');
    stream.write('exit 4\r');
    await waitFor(
      'the shell to exit',
      async () => ((await exec.inspect()).Running ? undefined : true),
      15_000,
    );
    expect((await exec.inspect()).ExitCode).toBe(4);
    stream.destroy();
  });

  it('scales and force-restarts a swarm service, lists nodes, reads its service logs', async () => {
    await docker(
      'service',
      'create',
      '-q',
      '--name',
      `${P}-sw`,
      '--replicas',
      '1',
      'opsdeck-demo/busybox:1',
      'sleep',
      '3600',
    );
    const svc = (await px.listServices()).find((s) => s.Spec?.Name === `${P}-sw`);
    expect(svc?.ID).toBeTruthy();
    await swarmScale(px, svc?.ID ?? '', 2, reporter(), 60_000);
    await swarmForceRestart(px, svc?.ID ?? '', reporter(), 60_000);
    // the swarm view: the manager's nodes and the service's logs from every node
    expect((await px.listNodes()).length).toBeGreaterThan(0);
    const ac = new AbortController();
    const logs = await px.serviceLogStream(
      svc?.ID ?? '',
      { stdout: 1, stderr: 1, tail: 1, details: 1 },
      ac.signal,
    );
    expect(logs.statusCode).toBe(200);
    logs.destroy();
    ac.abort();
  }, 120_000);

  it('has forwarded every call in ENGINE_CALLS', async () => {
    // network.connect needs a compose service on a bridge network, which the sandbox engine lacks;
    // pulls and prune removals need a registry and unused objects: images.test.ts runs those
    // through the proxy and checks they were forwarded
    const elsewhere = [
      'network.connect',
      'images.create',
      'image.remove',
      'networks.list',
      'network.remove',
      'system.df',
    ];
    const needed = ENGINE_CALLS.map((c) => c.name).filter((n) => !elsewhere.includes(n));
    await waitFor(
      'the proxy log',
      () => (needed.every((n) => proxy.allowed().includes(n)) ? true : undefined),
      2000,
    ).catch(() => undefined);
    expect(needed.filter((n) => !proxy.allowed().includes(n))).toEqual([]);
  });
});
