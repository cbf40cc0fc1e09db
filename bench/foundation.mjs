#!/usr/bin/env node
// Foundation benchmark (issue: Foundation §8). Needs the sandbox engine and a production build.
//  - /api/v1/services p50/p95 vs the engine's own GET /containers/json?all=1, same run
//  - engine API calls per minute with 20 SSE clients connected for 60 s (counting proxy)
//  - docker kill → SSE delta latency over 20 kills; a kill whose delta is not seen within
//    KILL_WINDOW_MS is a failure in the result (a null sample), never dropped
//  - server RSS (start / end / peak) and V8 heap with 200 containers and 20 clients
import path from 'node:path';
import {
  countingProxy,
  docker,
  engineGet,
  memorySampler,
  pool,
  projectContainerNames,
  ROOT,
  removeProject,
  runReplica,
  startServer,
  summary,
  writeResult,
} from './lib.mjs';

const N = Number(process.env.BENCH_CONTAINERS ?? 200);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
const KILLS = Number(process.env.BENCH_KILLS ?? 20);
const KILL_WINDOW_MS = 5000;
const PROJECT = 'opsdeck-bench';
const engineSocket = (process.env.DOCKER_HOST ?? '').replace('unix://', '');

async function ensureContainers() {
  const existing = await projectContainerNames(PROJECT);
  const wanted = Array.from({ length: N }, (_, i) => ({
    svc: `svc-${String(Math.floor(i / 5)).padStart(2, '0')}`,
    n: (i % 5) + 1,
  }));
  const missing = wanted.filter((w) => !existing.has(`${PROJECT}_${w.svc}_${w.n}`));
  console.error(`[bench] ${N - missing.length} containers exist, creating ${missing.length}`);
  await pool(missing, 6, (w) => runReplica(PROJECT, w.svc, w.n));
  await docker('start', ...wanted.map((w) => `${PROJECT}_${w.svc}_${w.n}`)).catch(() => undefined);
  return wanted;
}

function sseClient(url, token, onEvent) {
  const ctrl = new AbortController();
  const done = fetch(`${url}/api/v1/stream`, {
    headers: { authorization: `Bearer ${token}` },
    signal: ctrl.signal,
  })
    .then(async (res) => {
      const reader = res.body.getReader();
      const dec = new TextDecoder();
      let buf = '';
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) return;
        buf += dec.decode(value, { stream: true });
        let i = buf.indexOf('\n\n');
        while (i >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (ev && data) onEvent(ev, data);
          i = buf.indexOf('\n\n');
        }
      }
    })
    .catch(() => undefined);
  return { close: () => ctrl.abort(), done };
}

async function main() {
  if (!engineSocket) throw new Error('DOCKER_HOST must be the sandbox engine (unix://…)');
  await ensureContainers();
  const proxySock = path.join(ROOT, '.sandbox', 'bench-proxy.sock');
  const proxy = await countingProxy(engineSocket, proxySock);
  const server = await startServer({ DOCKER_HOST: `unix://${proxySock}` });
  const auth = { authorization: `Bearer ${server.token}` };
  const memory = memorySampler(server.rssMb);
  const heapStart = await server.heapMb();
  try {
    // Warm-up: the first listing comes from the engine; every later answer comes from memory.
    memory.mark('warm-up (20 list calls)');
    for (let i = 0; i < 20; i++)
      await (await fetch(`${server.url}/api/v1/services`, { headers: auth })).arrayBuffer();
    const services = (await (await fetch(`${server.url}/api/v1/services`, { headers: auth })).json())
      .services;
    const apiMs = [];
    const engineMs = [];
    memory.mark('200 timed list calls');
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      await (await fetch(`${server.url}/api/v1/services`, { headers: auth })).arrayBuffer();
      apiMs.push(performance.now() - t0);
      engineMs.push(await engineGet(engineSocket, '/v1.41/containers/json?all=1'));
    }
    const api = summary(apiMs);
    const engine = summary(engineMs);

    // 20 SSE clients, idle for 60 s: count engine calls made meanwhile.
    const deltas = [];
    memory.mark('20 SSE clients connected, idle');
    const clients = Array.from({ length: CLIENTS }, (_, i) =>
      sseClient(server.url, server.token, (ev, data) => {
        if (i === 0 && ev === 'service') deltas.push({ at: performance.now(), data });
      }),
    );
    await new Promise((r) => setTimeout(r, 2000));
    const before = proxy.counts.length;
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    const idleCalls = proxy.counts.slice(before);
    const rssIdle = server.rssMb();

    // docker kill → delta latency, measured on client 0. Not seen within the window: null (a failure).
    const kills = [];
    memory.mark('20 kills');
    const bench = services.filter((s) => s.stack === PROJECT).slice(0, KILLS);
    for (const svc of bench) {
      const c = svc.containers[0];
      deltas.length = 0;
      const t0 = performance.now();
      await docker('kill', c.id);
      let seen = null;
      for (let waited = 0; waited < KILL_WINDOW_MS && seen === null; waited += 5) {
        const hit = deltas.find((d) => {
          const s = JSON.parse(d.data);
          return s.id === svc.id && s.replicas.running < svc.replicas.running;
        });
        if (hit) seen = hit.at - t0;
        else await new Promise((r) => setTimeout(r, 5));
      }
      kills.push(seen === null ? null : Math.round(seen * 10) / 10);
      await docker('start', c.id);
    }
    const rss = server.rssMb();
    const heapEnd = await server.heapMb();
    for (const c of clients) c.close();
    const byPath = {};
    for (const c of idleCalls) {
      const k = `${c.method} ${c.path.replace(/[0-9a-f]{64}/g, '{id}').split('?')[0]}`;
      byPath[k] = (byPath[k] ?? 0) + 1;
    }
    writeResult('foundation', {
      params: {
        containers: N,
        services: services.length,
        sseClients: CLIENTS,
        idleSeconds: IDLE_SECONDS,
        kills: KILLS,
        killWindowMs: KILL_WINDOW_MS,
        servicesApiCalls: apiMs.length,
      },
      samples: {
        servicesApiMs: apiMs.map((x) => Math.round(x * 10) / 10),
        engineContainersJsonMs: engineMs.map((x) => Math.round(x * 10) / 10),
        killToDeltaMs: kills,
      },
      summary: {
        servicesApiMs: api,
        engineContainersJsonMs: engine,
        ratioMedian: Math.round((api.median / engine.median) * 100) / 100,
        engineCallsDuringIdle: idleCalls.length,
        engineCallsPerMinute: (idleCalls.length / IDLE_SECONDS) * 60,
        engineCallsByPath: byPath,
        killToDeltaMs: summary(kills),
        killsNotSeenWithinWindow: kills.filter((k) => k === null).length,
        serverMemory: {
          rss: memory.stop(),
          rssMbIdle20Clients: Math.round(rssIdle * 10) / 10,
          rssMbAfterKills: Math.round(rss * 10) / 10,
          heapStart,
          heapEnd,
        },
      },
    });
  } finally {
    await server.stop();
    proxy.server.close();
    if (!process.env.BENCH_KEEP) await removeProject(PROJECT);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
