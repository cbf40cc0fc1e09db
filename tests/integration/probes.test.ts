import http from 'node:http';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { inventory } from '@/lib/docker/inventory';
import type { DockerService } from '@/lib/docker/types';
import { metrics } from '@/lib/metrics/registry';
import { startProber, stopProber } from '@/lib/probes/runner';
import { registerProbeSource } from '@/lib/probes/source';
import { listServices } from '@/lib/services';
import { queryTimeline } from '@/lib/services/timeline-query';
import type { Service } from '@/lib/services/types';
import { BUSYBOX, tempDataDir, testDocker, waitFor } from '../support/engine';
import { freePort } from '../support/prometheus';

const STACK = `probetest${process.pid}`;
process.env.OPSDECK_DATA_DIR = tempDataDir();
resetEnvCache();

/** What the probed app answers, switched by the test; every path it was asked for. */
const answers: Record<string, number> = { '/ready': 200, '/health': 200 };
const asked: string[] = [];
let server: http.Server;
let port: number;
const containers: Docker.Container[] = [];

async function run(service: string, labels: Record<string, string>) {
  const c = await testDocker().createContainer({
    Image: BUSYBOX,
    Cmd: ['sleep', '3600'],
    name: `${STACK}-${service}-1`,
    Labels: {
      'com.docker.compose.project': STACK,
      'com.docker.compose.service': service,
      'com.docker.compose.container-number': '1',
      ...labels,
    },
    HostConfig: { NetworkMode: 'none' },
  });
  containers.push(c);
  await c.start();
}

const ours = () =>
  inventory()
    .services()
    .filter((s: DockerService) => s.stack === STACK);

async function service(name: string): Promise<Service | undefined> {
  const { services } = await listServices();
  return services.find((s) => s.stack === STACK && s.name === name);
}

beforeAll(async () => {
  port = await freePort();
  server = http.createServer((req, res) => {
    asked.push(req.url ?? '');
    if (req.url === '/moved') {
      res.writeHead(302, { location: `http://127.0.0.1:${port}/secret` });
      res.end();
      return;
    }
    res.writeHead(answers[req.url ?? ''] ?? 404, { 'content-type': 'application/json' });
    res.end('{"ready":true}');
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const base = `http://127.0.0.1:${port}`;
  await run('api', {
    'opsdeck.probe.ready': `${base}/ready`,
    'opsdeck.probe.live': `${base}/health`,
    'opsdeck.probe.interval': '1s',
    'opsdeck.probe.timeout': '500ms',
  });
  await run('hostile', {
    'opsdeck.probe.ready': 'http://169.254.169.254/latest/meta-data/',
    'opsdeck.probe.live': `file:///etc/passwd`,
  });
  await run('redirector', {
    'opsdeck.probe.ready': `${base}/moved`,
    'opsdeck.probe.expect': '200',
    'opsdeck.probe.interval': '1s',
  });
  await inventory().ready();
  await waitFor('the 3 services listed', async () => (ours().length === 3 ? true : undefined), 20_000);
  registerProbeSource();
  startProber(ours);
});

afterAll(async () => {
  stopProber();
  for (const c of containers) await c.remove({ force: true }).catch(() => {});
  await new Promise<void>((r) => server.close(() => r()));
});

describe('HTTP probes in the health model', () => {
  it('alive but not ready is degraded, with the probe’s status and latency as the reason', async () => {
    await waitFor('api probed healthy', async () =>
      (await service('api'))?.status === 'healthy' ? true : undefined,
    );
    answers['/ready'] = 503;
    const s = await waitFor('api degraded', async () => {
      const x = await service('api');
      return x?.status === 'degraded' ? x : undefined;
    });
    const reason = s.reasons.find((r) => r.code === 'probe_ready_failed');
    expect(reason?.severity).toBe('warning');
    expect(reason?.message).toMatch(
      new RegExp(`^ready probe http://127.0.0.1:${port}/ready answered 503 in \\d+ ms$`),
    );
  });

  it('a failing liveness probe makes it down; both recover, and each change is on the timeline', async () => {
    answers['/health'] = 500;
    const down = await waitFor('api down', async () => {
      const x = await service('api');
      return x?.status === 'down' ? x : undefined;
    });
    expect(down.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(['probe_live_failed', 'probe_ready_failed']),
    );
    answers['/health'] = 200;
    answers['/ready'] = 200;
    await waitFor('api healthy again', async () =>
      (await service('api'))?.status === 'healthy' ? true : undefined,
    );
    const id = (await service('api'))?.id ?? '';
    const story = queryTimeline({ serviceId: id, limit: 20, kinds: ['probe'] }).events.map((e) => e.summary);
    expect(story.some((s) => /^ready probe .* answered 503 in \d+ ms$/.test(s))).toBe(true);
    expect(story.some((s) => /^live probe .* answered 500 in \d+ ms$/.test(s))).toBe(true);
    expect(story.some((s) => /^ready probe .* passes again \(answered 200 in \d+ ms\)$/.test(s))).toBe(true);
  });

  it('refuses probe targets outside the policy and never follows a redirect', async () => {
    const hostile = await service('hostile');
    expect(hostile?.status).toBe('healthy');
    expect(hostile?.reasons.filter((r) => r.code === 'probe_refused').map((r) => r.message)).toEqual([
      'opsdeck.probe.ready: 169.254.169.254 is not an allowed probe address (loopback, or OPSDECK_PROBE_ALLOW)',
      'opsdeck.probe.live: only http(s) is probed, not file:',
    ]);
    const r = await waitFor('redirector not ready', async () => {
      const x = await service('redirector');
      return x?.status === 'degraded' ? x : undefined;
    });
    expect(r.reasons.find((x) => x.code === 'probe_ready_failed')?.message).toContain('answered 302');
    expect(asked).toContain('/moved');
    expect(asked).not.toContain('/secret');
  });

  it('exports probe latency on the metrics registry', async () => {
    const text = await metrics().registry.metrics();
    expect(text).toMatch(
      new RegExp(
        `opsdeck_probe_latency_seconds_count\\{probe="ready",service="${STACK}/api",outcome="ok"\\} [1-9]`,
      ),
    );
    expect(text).toMatch(
      new RegExp(
        `opsdeck_probe_latency_seconds_count\\{probe="live",service="${STACK}/api",outcome="failed"\\} [1-9]`,
      ),
    );
  });
});
