import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import type { ContainerInfo, DockerService } from '@/lib/docker/types';

process.env.OPSDECK_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-probe-replicas-'));
resetEnvCache();
const { startProber, stopProber, prober } = await import('./runner');
const { probeContribution } = await import('./source');

// Real loopback HTTP servers, one per replica address; each answers with the status it is told.
const statusOf = new Map<number, number>();
const servers: http.Server[] = [];
async function replicaServer(): Promise<number> {
  const server = http.createServer((req, res) => {
    const port = (req.socket.address() as { port: number }).port;
    res.statusCode = statusOf.get(port) ?? 200;
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return (server.address() as { port: number }).port;
}

const container = (name: string, labels: Record<string, string>): ContainerInfo =>
  ({ id: `${name}-id`, name, state: 'running', labels }) as unknown as ContainerInfo;
const probeLabels = (port: number) => ({
  'opsdeck.probe.ready': `http://127.0.0.1:${port}/ready`,
  'opsdeck.probe.live': `http://127.0.0.1:${port}/health`,
  // 2 s, not 1 s: the probe timeout is capped at the interval, and a loaded CI machine can take
  // over a second to answer a loopback probe — a timed-out replica 1 is not what this test is about.
  'opsdeck.probe.interval': '2s',
});

let ports: number[] = [];
let service: DockerService;
beforeAll(async () => {
  ports = [await replicaServer(), await replicaServer()];
  service = {
    id: 'local/shop/web',
    host: 'local',
    stack: 'shop',
    name: 'web',
    kind: 'compose',
    desired: 2,
    containers: [
      container('shop_web_1', probeLabels(ports[0] ?? 0)),
      container('shop_web_2', probeLabels(ports[1] ?? 0)),
    ],
    labels: probeLabels(ports[0] ?? 0),
    image: 'web:1',
    updatedAt: 'now',
  };
  startProber(() => [service]);
});
afterAll(async () => {
  stopProber();
  for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
});

async function settled(check: () => boolean): Promise<void> {
  const until = Date.now() + 30_000;
  while (!check()) {
    if (Date.now() > until) throw new Error('probes did not settle');
    await new Promise((r) => setTimeout(r, 50));
  }
}
const answeredWith = (status: number) => () =>
  prober()?.probesOf(service.id).length === 4 &&
  (prober()?.probesOf(service.id) ?? []).every((p) => p.last !== null) &&
  (prober()?.probesOf(service.id) ?? []).some((p) => p.last?.status === status);

describe('probes per replica, where each replica has its own address', () => {
  it('probes each replica and names the failing one; one liveness failure of two is degraded, both down', async () => {
    await settled(answeredWith(200));
    expect(probeContribution(service)).toEqual({ reasons: [], cap: undefined });
    expect(
      prober()
        ?.probesOf(service.id)
        .map((p) => `${p.spec.kind} ${p.replicas.join(',')}`)
        .sort(),
    ).toEqual(['live shop_web_1', 'live shop_web_2', 'ready shop_web_1', 'ready shop_web_2']);

    statusOf.set(ports[1] ?? 0, 503);
    const expected = [
      `live probe http://127.0.0.1:${ports[1]}/health (replica shop_web_2) answered 503 in N ms`,
      `ready probe http://127.0.0.1:${ports[1]}/ready (replica shop_web_2) answered 503 in N ms`,
    ];
    const reasonTexts = () =>
      (probeContribution(service).reasons ?? []).map((r) => r.message.replace(/\d+ ms$/, 'N ms')).sort();
    // Settle on the exact story, not on a count another transient failure could also make.
    await settled(() => JSON.stringify(reasonTexts()) === JSON.stringify(expected));
    expect(reasonTexts()).toEqual(expected);
    expect(probeContribution(service).cap).toBe('degraded');

    statusOf.set(ports[0] ?? 0, 503);
    // down as soon as both liveness probes failed; the readiness probes follow on their own ticks
    await settled(
      () =>
        probeContribution(service).cap === 'down' && (probeContribution(service).reasons ?? []).length === 4,
    );
    expect(probeContribution(service).cap).toBe('down');
  }, 90_000);

  it('replicas sharing one address (host network, one port) share one probe', () => {
    const shared = probeLabels(ports[0] ?? 0);
    service = {
      ...service,
      containers: [container('shop_web_1', shared), container('shop_web_2', shared)],
    };
    prober()?.sync();
    expect(
      prober()
        ?.probesOf(service.id)
        .map((p) => `${p.spec.kind} ${p.replicas.join(',')}`)
        .sort(),
    ).toEqual(['live shop_web_1,shop_web_2', 'ready shop_web_1,shop_web_2']);
  });
});
