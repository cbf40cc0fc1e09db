#!/usr/bin/env node
/**
 * Scale benchmark (issue #19 part 3, docs/benchmarks.md): 3 engines, 2,000 containers (about 200
 * running, the rest created and never started), 400 compose services, one production server over all
 * three. Measured side by side in one run:
 *   - `/api/v1/services` p50 against p50 of the three engines' own `containers/json?all=1` issued in
 *     parallel (target ≤ 0.5×);
 *   - server RSS with 20 live `/api/v1/stream` clients, steady and peak (target < 250 MB);
 *   - the stream's bytes after one container changes against the full inventory (the snapshot);
 *   - cold start: server spawned → every one of the 2,000 containers listed (target < 5 s);
 *   - one engine SIGKILLed → its services stale (target ≤ 2 s); restarted → live again, counted from
 *     its first answer (target ≤ 5 s).
 * The engines are the benchmark's own (bench/scale-engines.mjs), under $OPSDECK_SANDBOX_DIR/scale/:
 * the busybox image is exported from the shared sandbox engine (DOCKER_HOST) into each.
 *   node bench/scale.mjs [--keep] [--samples 40]
 * --keep leaves the engines running and filled for the next run (filling is the slow part); without
 * it they are stopped and their folders removed at the end.
 */
import fs from 'node:fs';
import { engineGet, memorySampler, percentile, startServer, summary, writeResult } from './lib.mjs';
import {
  engineDirs,
  engineRequest,
  fill,
  killEngine,
  loadImage,
  plan,
  removeEngines,
  SCALE_DIR,
  startEngine,
} from './scale-engines.mjs';

const args = process.argv.slice(2);
const KEEP = args.includes('--keep');
const SAMPLES = Number(args.includes('--samples') ? args[args.indexOf('--samples') + 1] : 40);
const SERVICES = 400;
const PER_SERVICE = 5;
const RUN_EVERY = 2; // the first replica of every second service runs: 200 running
const CLIENTS = 20;
const CONTAINERS = SERVICES * PER_SERVICE;

if (!process.env.DOCKER_HOST) {
  console.error('DOCKER_HOST is not set: bash scripts/sandbox.sh start (the busybox image comes from it)');
  process.exit(2);
}

const log = (m) => console.error(`[bench] ${m}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const engines = ['e1', 'e2', 'e3'].map(engineDirs);
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function ensureEngines() {
  fs.mkdirSync(SCALE_DIR, { recursive: true });
  for (const e of engines) {
    await startEngine(e);
    await loadImage(e);
  }
  const p = plan({ engines, services: SERVICES, perService: PER_SERVICE, runEvery: RUN_EVERY });
  const t0 = performance.now();
  const counts = await Promise.all(engines.map((e) => fill(e, p.get(e.name), { log })));
  log(`filled in ${round((performance.now() - t0) / 1000)} s: ${JSON.stringify(counts)}`);
  const total = counts.reduce((a, c) => a + c.containers, 0);
  const running = counts.reduce((a, c) => a + c.running, 0);
  if (total !== CONTAINERS) throw new Error(`expected ${CONTAINERS} containers, the engines hold ${total}`);
  return { perEngine: Object.fromEntries(engines.map((e, i) => [e.name, counts[i]])), total, running };
}

const get = (server, p) =>
  fetch(`${server.url}${p}`, { headers: { authorization: `Bearer ${server.token}` } });

/** Our containers as the server lists them, and its services of our projects. */
async function listed(server) {
  const res = await get(server, '/api/v1/services');
  if (!res.ok) return { services: 0, containers: 0 };
  const body = await res.json();
  const ours = (body.services ?? []).filter((s) => s.stack.startsWith('scale-p'));
  return { services: ours.length, containers: ours.reduce((a, s) => a + s.containers.length, 0), body };
}

/** One SSE client: counts bytes, parses events when asked to (`onEvent(name, data, bytes)`). */
function sseClient(server, onEvent) {
  const ac = new AbortController();
  const state = { bytes: 0, events: 0, snapshotBytes: 0, connected: false, lastAt: 0 };
  const done = (async () => {
    const res = await fetch(`${server.url}/api/v1/stream`, {
      headers: { authorization: `Bearer ${server.token}`, accept: 'text/event-stream' },
      signal: ac.signal,
    });
    if (!res.ok) throw new Error(`stream: ${res.status}`);
    state.connected = true;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) return;
      state.bytes += value.byteLength;
      state.lastAt = performance.now();
      buf += decoder.decode(value, { stream: true });
      let idx = buf.indexOf('\n\n');
      while (idx >= 0) {
        const block = buf.slice(0, idx);
        buf = buf.slice(idx + 2);
        let name = 'message';
        let data = '';
        for (const line of block.split('\n')) {
          if (line.startsWith('event: ')) name = line.slice(7);
          else if (line.startsWith('data: ')) data += line.slice(6);
        }
        const bytes = Buffer.byteLength(block) + 2;
        if (data) {
          state.events++;
          if (name === 'snapshot') state.snapshotBytes = bytes;
          onEvent?.(name, data, bytes);
        }
        idx = buf.indexOf('\n\n');
      }
    }
  })().catch((err) => {
    if (err.name !== 'AbortError') state.error = String(err.message ?? err);
  });
  return { state, close: () => ac.abort(), done };
}

/** Waits until `client` has received nothing for `quietMs` (background inspects have landed). */
async function quiet(client, quietMs, maxMs = 60_000) {
  const t0 = performance.now();
  while (performance.now() - t0 < maxMs) {
    if (client.state.snapshotBytes && performance.now() - client.state.lastAt >= quietMs) return true;
    await sleep(100);
  }
  return false;
}

async function coldStart() {
  const t0 = performance.now();
  const server = await startServer({
    OPSDECK_DOCKER_HOSTS: engines.map((e) => `${e.name}=${e.url}`).join(','),
  });
  const serverUpMs = performance.now() - t0;
  let listedMs = null;
  for (let i = 0; i < 600; i++) {
    const l = await listed(server);
    if (l.containers >= CONTAINERS && l.services >= SERVICES) {
      listedMs = performance.now() - t0;
      break;
    }
    await sleep(25);
  }
  return { server, serverUpMs: round(serverUpMs), listedMs: listedMs === null ? null : round(listedMs) };
}

async function sideBySide(server) {
  const engineMs = [];
  const servicesMs = [];
  let servicesBytes = 0;
  for (let i = 0; i < SAMPLES + 3; i++) {
    const t0 = performance.now();
    await Promise.all(engines.map((e) => engineGet(e.sock, '/containers/json?all=1')));
    const eMs = performance.now() - t0;
    const t1 = performance.now();
    const res = await get(server, '/api/v1/services');
    const buf = await res.arrayBuffer();
    const sMs = performance.now() - t1;
    if (!res.ok) throw new Error(`services: ${res.status}`);
    servicesBytes = buf.byteLength;
    if (i < 3) continue; // warm-up
    engineMs.push(eMs);
    servicesMs.push(sMs);
  }
  const engineBytes = (
    await Promise.all(engines.map((e) => engineRequest(e.sock, 'GET', '/containers/json?all=1')))
  ).reduce((a, r) => a + r.bytes, 0);
  const e50 = percentile(engineMs, 50);
  const s50 = percentile(servicesMs, 50);
  return {
    samples: { engineMs: engineMs.map((x) => round(x, 2)), servicesMs: servicesMs.map((x) => round(x, 2)) },
    engines: summary(engineMs),
    services: summary(servicesMs),
    ratio: round(s50 / e50, 3),
    engineBytes,
    servicesBytes,
  };
}

/** 20 live clients; RSS steady (after they settled, during container changes) and peak. */
async function memoryWithClients(server, changeOnce) {
  const mem = memorySampler(() => server.rssMb(), 100);
  mem.mark('connect');
  const clients = Array.from({ length: CLIENTS }, () => sseClient(server));
  for (let i = 0; i < 600 && clients.some((c) => !c.state.snapshotBytes); i++) await sleep(50);
  if (clients.some((c) => !c.state.snapshotBytes)) throw new Error('not every client got its snapshot');
  mem.mark('settle');
  await sleep(3000);
  mem.mark('steady');
  const steady = [];
  // 10 s of life: a container stops or starts every second, every client receives the deltas
  for (let i = 0; i < 10; i++) {
    await changeOnce(i);
    await sleep(1000);
    steady.push(server.rssMb());
  }
  const heap = await server.heapMb();
  const memory = mem.stop();
  const received = clients.map((c) => c.state.bytes);
  for (const c of clients) c.close();
  return {
    clients: CLIENTS,
    steadyMb: round(percentile(steady, 50)),
    steadySamplesMb: steady.map((x) => round(x)),
    peakMb: memory.peakMb,
    memory,
    heap,
    bytesPerClient: summary(received),
  };
}

/** One container changes: the bytes every client then receives, against the snapshot's. */
async function delta(server, container, service) {
  const events = [];
  let collecting = false;
  const client = sseClient(server, (name, data, bytes) => {
    if (collecting) events.push({ name, bytes, data });
  });
  if (!(await quiet(client, 2000))) throw new Error('the stream never went quiet');
  const snapshotBytes = client.state.snapshotBytes;
  collecting = true;
  const t0 = performance.now();
  const bytesBefore = client.state.bytes;
  const res = await engineRequest(container.engine.sock, 'POST', `/containers/${container.name}/stop?t=0`);
  if (res.status !== 204) throw new Error(`stop ${container.name}: ${res.status}`);
  let seenMs = null;
  for (let i = 0; i < 200; i++) {
    const ev = events.find((e) => e.name === 'service' && JSON.parse(e.data).name === service);
    if (ev && JSON.parse(ev.data).containers.every((c) => c.state !== 'running')) {
      seenMs = performance.now() - t0;
      break;
    }
    await sleep(50);
  }
  await sleep(2000); // anything that follows the change belongs to it
  const deltaBytes = client.state.bytes - bytesBefore;
  client.close();
  await engineRequest(container.engine.sock, 'POST', `/containers/${container.name}/start`);
  return {
    container: container.name,
    seenMs: seenMs === null ? null : round(seenMs),
    deltaBytes,
    events: events.map((e) => ({ name: e.name, bytes: e.bytes })),
    snapshotBytes,
    percentOfInventory: round((deltaBytes / snapshotBytes) * 100, 2),
  };
}

async function hostStatus(server, name) {
  const res = await get(server, '/api/v1/hosts');
  if (!res.ok) return null;
  return (await res.json()).hosts.find((h) => h.name === name)?.status ?? null;
}

/** SIGKILL of e3's engine → its services stale; its restart → live again, from its first answer. */
async function outage(server) {
  const e = engines[2];
  if ((await hostStatus(server, e.name)) !== 'ok') throw new Error(`${e.name} is not ok before the kill`);
  const t0 = performance.now();
  killEngine(e);
  let staleMs = null;
  for (let i = 0; i < 400; i++) {
    if ((await hostStatus(server, e.name)) === 'stale') {
      staleMs = performance.now() - t0;
      break;
    }
    await sleep(25);
  }
  const others = await Promise.all(engines.slice(0, 2).map((o) => hostStatus(server, o.name)));
  const l = await listed(server);
  const unknown = l.body.services.filter((s) => s.host === e.name && s.status === 'unknown').length;
  const ofHost = l.body.services.filter((s) => s.host === e.name).length;
  await sleep(1000);
  const t1 = performance.now();
  await startEngine(e);
  const answeredAt = performance.now();
  let liveMs = null;
  for (let i = 0; i < 800; i++) {
    if ((await hostStatus(server, e.name)) === 'ok') {
      liveMs = performance.now() - answeredAt;
      break;
    }
    await sleep(25);
  }
  return {
    engine: e.name,
    staleMs: staleMs === null ? null : round(staleMs),
    servicesOfHost: ofHost,
    unknownWhileStale: unknown,
    othersWhileStale: others,
    restartToAnswerMs: round(answeredAt - t1),
    liveMs: liveMs === null ? null : round(liveMs),
  };
}

async function main() {
  const inventoryCounts = await ensureEngines();
  const p = plan({ engines, services: SERVICES, perService: PER_SERVICE, runEvery: RUN_EVERY });
  const { server, serverUpMs, listedMs } = await coldStart();
  log(`cold start: server up ${serverUpMs} ms, full inventory listed ${listedMs} ms`);
  try {
    // wait for the background inspects to land before measuring the steady state
    const probe = sseClient(server);
    await quiet(probe, 2000);
    probe.close();
    const side = await sideBySide(server);
    log(`services p50 ${side.services.median} ms vs engines ${side.engines.median} ms: ${side.ratio}×`);
    // the running replica of services 0, 2, 4… on e1 (service i is on engine i mod 3)
    const runningOnE1 = p.get('e1').filter((c) => c.running);
    const changeOnce = async (i) => {
      const c = runningOnE1[10 + (i >> 1)];
      await engineRequest(engines[0].sock, 'POST', `/containers/${c.name}/${i % 2 ? 'start' : 'stop?t=0'}`);
    };
    const memory = await memoryWithClients(server, changeOnce);
    log(`RSS with ${CLIENTS} clients: steady ${memory.steadyMb} MB, peak ${memory.peakMb} MB`);
    const target = runningOnE1[0];
    const d = await delta(server, { engine: engines[0], name: target.name }, target.service);
    log(`delta ${d.deltaBytes} B = ${d.percentOfInventory} % of the ${d.snapshotBytes} B snapshot`);
    const out = await outage(server);
    log(`outage: stale ${out.staleMs} ms, live ${out.liveMs} ms after answering`);
    // the killed engine's containers stopped with it: bring them back for the next run
    const restored = await fill(engines[2], p.get('e3'), { log });
    writeResult('scale', {
      params: {
        engines: engines.length,
        containers: CONTAINERS,
        services: SERVICES,
        clients: CLIENTS,
        samples: SAMPLES,
        inventory: inventoryCounts,
        source: 'busybox containers on 3 sandbox engines of the bench (vfs), compose-labelled',
      },
      samples: side.samples,
      coldStart: { serverUpMs, listedMs },
      sideBySide: {
        engines: side.engines,
        services: side.services,
        engineBytes: side.engineBytes,
        servicesBytes: side.servicesBytes,
      },
      memory,
      delta: d,
      outage: out,
      restoredAfterOutage: restored,
      summary: {
        servicesP50Ms: side.services.median,
        enginesParallelP50Ms: side.engines.median,
        servicesVsEngines: side.ratio,
        rssSteadyMb: memory.steadyMb,
        rssPeakMb: memory.peakMb,
        deltaBytes: d.deltaBytes,
        deltaPercentOfInventory: d.percentOfInventory,
        coldStartMs: listedMs,
        staleMs: out.staleMs,
        liveMs: out.liveMs,
        targets: {
          servicesVsEngines: { target: '≤ 0.5', met: side.ratio <= 0.5 },
          rss: { target: '< 250 MB with 20 clients (steady and peak)', met: memory.peakMb < 250 },
          delta: { target: 'proportional to the change, not the inventory', met: d.percentOfInventory < 5 },
          coldStart: { target: '< 5 s', met: listedMs !== null && listedMs < 5000 },
          stale: { target: '≤ 2 s', met: out.staleMs !== null && out.staleMs <= 2000 },
          live: { target: '≤ 5 s after the engine answers', met: out.liveMs !== null && out.liveMs <= 5000 },
        },
      },
    });
  } finally {
    await server.stop();
    if (!KEEP) await removeEngines(engines);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
