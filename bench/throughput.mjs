#!/usr/bin/env node
// Throughput benchmark (issue #21). Needs the sandbox engine and a production build.
//  1. ratio: closed-loop load at concurrency C (8) against a bare Node `http` server returning the
//     very bytes Opsdeck answers, and against the production server (scripts/start.mjs, bearer token),
//     for GET /api/v1/services (~30 services) and GET /api/health, interleaved in one run.
//  2. overload: open-loop load at 2× the measured services capacity for 60 s, with 50 SSE clients
//     connected: every answer's status, connection errors, latency of the 200s and of the 503s, RSS.
//  3. sse: 500 SSE clients connected (RSS added), then container changes (docker kill/start) and the
//     time until each client sees the service's delta. Run before the overload (whose garbage a later
//     collection would take back while the clients connect, hiding what they cost).
// The closed-loop generator runs in a worker thread so the bench's own bookkeeping does not slow it;
// the open-loop one is bench/open-loop.c (a Node one could not send twice the capacity on one core).
// Pinned (taskset, when there): servers on CPU 0, the bench and its load generator on CPU 1, so the
// generator does not take the server's core. Each open-loop request's latency is split in two: client
// wait (from when it was due until it was written to a connection: the generator's own queue) and
// wire latency (written → answer read: what the server and the kernel took, the accept queue
// included); `--no-pin` runs unpinned.
// `--cpu-prof DIR` runs the production server under `node --cpu-prof` (profile written at exit).
// `--only ratio,overload,sse` picks phases.
import { execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

/** Connections the open-loop generator opens at most (clients: walls, tabs, scripts). */
const OPEN_LOOP_CONNECTIONS = Number(process.env.BENCH_OPEN_LOOP_CONNECTIONS ?? 4096);

if (!isMainThread) {
  parentPort.postMessage(await runLoad(workerData));
} else {
  await main();
}

// ---------------------------------------------------------------- load generator (worker thread)

/** Closed loop: `concurrency` requests always outstanding, for `seconds` after `warmupSeconds`. */
async function runLoad({ url, headers, seconds, concurrency, warmupSeconds = 0 }) {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const statuses = {};
  const lat200 = [];
  const latOther = [];
  let connectionErrors = 0;
  let timeouts = 0;
  let bytes = 0;
  let sent = 0;
  let measuring = warmupSeconds === 0;
  const one = (startedAt) =>
    new Promise((resolve) => {
      const req = http.request(
        { host: target.hostname, port: target.port, path: target.pathname, headers, agent },
        (res) => {
          let n = 0;
          res.on('data', (c) => {
            n += c.length;
          });
          res.on('end', () => {
            if (measuring) {
              statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
              (res.statusCode === 200 ? lat200 : latOther).push(performance.now() - startedAt);
              bytes += n;
            }
            resolve();
          });
        },
      );
      req.setTimeout(30_000, () => {
        if (measuring) timeouts++;
        req.destroy(new Error('timeout'));
      });
      req.on('error', (err) => {
        if (measuring && err.message !== 'timeout') connectionErrors++;
        resolve();
      });
      req.end();
    });

  if (warmupSeconds > 0) {
    const until = performance.now() + warmupSeconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) await one(performance.now());
      }),
    );
    measuring = true;
  }
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        sent++;
        await one(performance.now());
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  const answered = Object.values(statuses).reduce((a, b) => a + b, 0);
  return {
    seconds: Math.round(elapsed * 100) / 100,
    sent,
    answered,
    rps: Math.round(((statuses[200] ?? 0) / elapsed) * 10) / 10,
    statuses,
    connectionErrors,
    timeouts,
    bytesPerAnswer: answered ? Math.round(bytes / answered) : 0,
    lat200: latencies(lat200),
    latOther: latencies(latOther),
  };
}

function latencies(values) {
  const s = values.sort((a, b) => a - b);
  const at = (p) =>
    s.length ? Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] * 10) / 10 : null;
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
}

// ---------------------------------------------------------------- orchestration (main thread)

function load(params) {
  const file = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const w = new Worker(file, { workerData: params });
    w.once('message', resolve);
    w.once('error', reject);
  });
}

/**
 * The open-loop phase's generator: bench/open-loop.c, built here with the machine's C compiler (a
 * Node generator on one core could not send twice the server's capacity). It runs on the bench's core
 * (affinity is inherited) and prints runLoad's result shape.
 */
async function openLoop({ url, headers, seconds, rate }) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const source = path.join(here, 'open-loop.c');
  const binary = path.join(here, '.build', 'open-loop');
  if (!fs.existsSync(binary) || fs.statSync(binary).mtimeMs < fs.statSync(source).mtimeMs) {
    fs.mkdirSync(path.dirname(binary), { recursive: true });
    try {
      execFileSync('cc', ['-O2', '-Wall', '-o', binary, source], { stdio: 'inherit' });
    } catch {
      throw new Error('the open-loop generator needs a C compiler: apt-get install gcc');
    }
  }
  const target = new URL(url);
  const headerLines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  const args = [
    target.port,
    target.pathname,
    String(rate),
    String(seconds),
    String(OPEN_LOOP_CONNECTIONS),
    '30000',
  ];
  return new Promise((resolve, reject) => {
    execFile(binary, [...args, ...headerLines], { maxBuffer: 1 << 20 }, (err, stdout) =>
      err ? reject(err) : resolve(JSON.parse(stdout)),
    );
  });
}

/** A bare Node http server, in its own process, answering every request with the given bytes. */
async function startBare(bodies, cpus) {
  const { freePort, pinned } = await import('./lib.mjs');
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-bare-'));
  for (const [name, buf] of Object.entries(bodies)) fs.writeFileSync(path.join(dir, name), buf);
  const script = `
    const http = require('node:http'), fs = require('node:fs'), path = require('node:path');
    const dir = ${JSON.stringify(dir)};
    const bodies = { '/api/v1/services': fs.readFileSync(path.join(dir, 'services')), '/api/health': fs.readFileSync(path.join(dir, 'health')) };
    http.createServer((req, res) => {
      const body = bodies[req.url] ?? bodies['/api/health'];
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    }).listen(${port}, '127.0.0.1', () => process.stdout.write('up\\n'));`;
  const [command, args] = pinned(cpus, process.execPath, ['-e', script]);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((r) => child.stdout.once('data', r));
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

function sseClient(url, token, onEvent) {
  const ctrl = new AbortController();
  let status = null;
  const done = fetch(`${url}/api/v1/stream`, {
    headers: { authorization: `Bearer ${token}` },
    signal: ctrl.signal,
  })
    .then(async (res) => {
      status = res.status;
      if (!res.body) return;
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
  return { close: () => ctrl.abort(), done, status: () => status };
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

async function main() {
  const lib = await import('./lib.mjs');
  const {
    docker,
    memorySampler,
    pinSelf,
    pool,
    projectContainerNames,
    removeProject,
    runReplica,
    startServer,
    writeResult,
  } = lib;
  const args = process.argv.slice(2);
  const arg = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const only = new Set((arg('--only') ?? 'ratio,overload,sse').split(','));
  const cpuProfDir = arg('--cpu-prof');
  // The bench (and the worker threads it starts, which inherit it) on CPU 1, the servers on CPU 0.
  const pin = !args.includes('--no-pin') && pinSelf(1);
  const SERVER_CPU = pin ? 0 : undefined;
  const SERVICES = Number(process.env.BENCH_SERVICES ?? 30);
  const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
  const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
  const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
  const OVERLOAD_SECONDS = Number(process.env.BENCH_OVERLOAD_SECONDS ?? 60);
  const OVERLOAD_SSE = Number(process.env.BENCH_OVERLOAD_SSE ?? 50);
  const SSE_CLIENTS = Number(process.env.BENCH_SSE_CLIENTS ?? 500);
  const CHANGES = Number(process.env.BENCH_CHANGES ?? 5);
  const PROJECT = 'opsdeck-tp';

  // ~30 one-replica services of our own (the shared engine may hold others': the count is recorded).
  const existing = await projectContainerNames(PROJECT);
  const wanted = Array.from({ length: SERVICES }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
  await pool(
    wanted.filter((s) => !existing.has(`${PROJECT}_${s}_1`)),
    4,
    (s) => runReplica(PROJECT, s, 1),
  );
  await docker('start', ...wanted.map((s) => `${PROJECT}_${s}_1`)).catch(() => undefined);

  const server = await startServer(
    {
      // the 500-client phase is one token's worth of streams; the per-principal bound is raised for it
      OPSDECK_MAX_STREAMS_PER_PRINCIPAL: String(SSE_CLIENTS + OVERLOAD_SSE + 10),
    },
    {
      nodeArgs: [
        ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(cpuProfDir)}`] : []),
        // say `--max-old-space-size=192`: how the overload's RSS growth responds to a heap bound
        ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean),
      ],
      cpus: SERVER_CPU,
    },
  );
  const auth = { authorization: `Bearer ${server.token}` };
  const result = {
    params: {
      SERVICES,
      SECONDS,
      ROUNDS,
      CONCURRENCY,
      OVERLOAD_SECONDS,
      OVERLOAD_SSE,
      SSE_CLIENTS,
      CHANGES,
      pinned: pin ? { server: 0, bareServer: 0, loadGenerator: 1 } : false,
      serverNodeArgs: process.env.BENCH_SERVER_NODE_ARGS ?? '',
    },
  };
  const summaryOut = {};
  try {
    // Wait for the inventory to hold our services, then take the exact bytes the bare server will send.
    let servicesBody;
    for (let i = 0; i < 100; i++) {
      servicesBody = Buffer.from(
        await (await fetch(`${server.url}/api/v1/services`, { headers: auth })).arrayBuffer(),
      );
      const n = JSON.parse(servicesBody.toString()).services.filter((s) => s.stack === PROJECT).length;
      if (n >= SERVICES) break;
      await sleep(200);
    }
    const healthBody = Buffer.from(await (await fetch(`${server.url}/api/health`)).arrayBuffer());
    const totalServices = JSON.parse(servicesBody.toString()).services.length;
    result.answer = {
      services: totalServices,
      servicesBytes: servicesBody.length,
      healthBytes: healthBody.length,
    };
    summaryOut.answer = result.answer;

    if (only.has('ratio')) {
      const bare = await startBare({ services: servicesBody, health: healthBody }, SERVER_CPU);
      const runs = {};
      const cases = [
        ['bareServices', `${bare.url}/api/v1/services`, {}],
        ['opsdeckServices', `${server.url}/api/v1/services`, auth],
        ['bareHealth', `${bare.url}/api/health`, {}],
        ['opsdeckHealth', `${server.url}/api/health`, {}],
      ];
      // Interleaved rounds (two by default), so a neighbour's burst of CPU does not land on one side only.
      for (let round = 0; round < ROUNDS; round++) {
        for (const [name, url, headers] of cases) {
          const r = await load({
            url,
            headers,
            seconds: SECONDS,
            concurrency: CONCURRENCY,
            warmupSeconds: 2,
          });
          runs[name] ??= [];
          runs[name].push(r);
          console.error(`[bench] ${name} round ${round}: ${r.rps}/s ${JSON.stringify(r.statuses)}`);
        }
      }
      bare.stop();
      const rps = (name) =>
        Math.round((runs[name].reduce((a, r) => a + r.rps, 0) / runs[name].length) * 10) / 10;
      const ratio = (a, b) => Math.round((rps(a) / rps(b)) * 1000) / 1000;
      result.ratio = { runs };
      summaryOut.ratio = {
        bareServicesRps: rps('bareServices'),
        opsdeckServicesRps: rps('opsdeckServices'),
        servicesRatio: ratio('opsdeckServices', 'bareServices'),
        servicesTarget: 0.3,
        bareHealthRps: rps('bareHealth'),
        opsdeckHealthRps: rps('opsdeckHealth'),
        healthRatio: ratio('opsdeckHealth', 'bareHealth'),
        healthTarget: 0.5,
        opsdeckServicesP99Ms: Math.max(...runs.opsdeckServices.map((r) => r.lat200.p99)),
      };
    }

    if (only.has('sse')) {
      await sleep(1000);
      const before = server.rssMb();
      const seen = new Map(); // change number → client index → ms
      let current = null;
      const clients = Array.from({ length: SSE_CLIENTS }, (_, idx) =>
        sseClient(server.url, server.token, (ev, data) => {
          if (ev !== 'service' || !current) return;
          if (!data.includes(current.name)) return;
          const m = seen.get(current.n);
          if (!m.has(idx)) m.set(idx, performance.now() - current.t0);
        }),
      );
      await sleep(5000);
      const statuses = {};
      for (const c of clients) statuses[c.status()] = (statuses[c.status()] ?? 0) + 1;
      const connected = server.rssMb();
      const latenciesMs = [];
      for (let n = 0; n < CHANGES; n++) {
        const svc = wanted[n % wanted.length];
        const name = `${PROJECT}_${svc}_1`;
        seen.set(n, new Map());
        current = { n, name: `"${svc}"`, t0: performance.now() };
        await docker('kill', name);
        await sleep(3000);
        const m = seen.get(n);
        for (let i = 0; i < SSE_CLIENTS; i++) latenciesMs.push(m.has(i) ? m.get(i) : null);
        current = null;
        await docker('start', name);
        await sleep(1500);
      }
      const after = server.rssMb();
      for (const c of clients) c.close();
      const sorted = latenciesMs
        .map((v) => (v === null ? Number.POSITIVE_INFINITY : v))
        .sort((a, b) => a - b);
      const at = (p) => {
        const v = sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
        return Number.isFinite(v) ? Math.round(v * 10) / 10 : null;
      };
      result.sse = {
        statuses,
        rssBeforeMb: before,
        rssConnectedMb: connected,
        rssAfterMb: after,
        latenciesMs,
      };
      summaryOut.sse = {
        clients: SSE_CLIENTS,
        statuses,
        rssAddedMb: Math.round((connected - before) * 10) / 10,
        rssAddedAfterChangesMb: Math.round((after - before) * 10) / 10,
        changes: CHANGES,
        deliveries: latenciesMs.length,
        missed: latenciesMs.filter((v) => v === null).length,
        p50Ms: at(0.5),
        p95Ms: at(0.95),
        maxMs: at(1),
        targets: { rssAddedMb: 100, p95Ms: 1000 },
      };
    }
    if (only.has('overload')) {
      // Capacity: the closed-loop figure from this run, or a fresh short measurement.
      const capacity =
        summaryOut.ratio?.opsdeckServicesRps ??
        (
          await load({
            url: `${server.url}/api/v1/services`,
            headers: auth,
            seconds: SECONDS,
            concurrency: CONCURRENCY,
            warmupSeconds: 2,
          })
        ).rps;
      const rate = Math.round(capacity * 2);
      const clients = Array.from({ length: OVERLOAD_SSE }, () =>
        sseClient(server.url, server.token, () => {}),
      );
      await sleep(2000);
      const heapBefore = await server.heapMb();
      const mem = memorySampler(server.rssMb, 250);
      const r = await openLoop({
        url: `${server.url}/api/v1/services`,
        headers: auth,
        seconds: OVERLOAD_SECONDS,
        rate,
      });
      const rss = mem.stop();
      const heapAfter = await server.heapMb();
      for (const c of clients) c.close();
      // Does it come back once the load stops (a high-water mark) or stay (held)?
      await sleep(10_000);
      const rssSettledMb = Math.round(server.rssMb() * 10) / 10;
      const heapSettled = await server.heapMb();
      const other5xx = Object.entries(r.statuses)
        .filter(([s]) => Number(s) >= 500 && s !== '503')
        .reduce((a, [, n]) => a + n, 0);
      const others = Object.entries(r.statuses)
        .filter(([s]) => s !== '200' && s !== '503')
        .reduce((a, [, n]) => a + n, 0);
      result.overload = {
        capacity,
        rate,
        sseClients: OVERLOAD_SSE,
        load: r,
        rss,
        heapBefore,
        heapAfter,
        rssSettledMb,
        heapSettled,
      };
      summaryOut.overload = {
        capacityRps: capacity,
        offeredRps: rate,
        seconds: OVERLOAD_SECONDS,
        scheduled: r.scheduled,
        sent: r.sent,
        sentRps: r.sentRps,
        notSentByGenerator: r.notSent,
        ok200: r.statuses[200] ?? 0,
        refused503: r.statuses[503] ?? 0,
        otherStatuses: others,
        other5xx,
        connectionErrors: r.connectionErrors,
        timeouts: r.timeouts,
        // wire: from the request written to its answer (server + kernel); due: from when it was due
        // (adds the generator's own queue: requests waiting for one of its connections)
        connections: OPEN_LOOP_CONNECTIONS,
        p50Of200WireMs: r.wire200.p50,
        p99Of200WireMs: r.wire200.p99,
        maxOf200WireMs: r.wire200.max,
        p99Of503WireMs: r.wireOther.p99,
        p50Of200DueMs: r.lat200.p50,
        p99Of200DueMs: r.lat200.p99,
        p99ClientWaitMs: r.clientWait.p99,
        rssGrowthMb: rss.growthMb,
        rssPeakMb: rss.peakMb,
        rssStartMb: rss.startMb,
        rssSettledMb,
        heapTotalMb: [heapBefore.totalMb, heapAfter.totalMb, heapSettled.totalMb],
        heapUsedMb: [heapBefore.usedMb, heapAfter.usedMb, heapSettled.usedMb],
        externalMb: [heapBefore.externalMb, heapAfter.externalMb, heapSettled.externalMb],
        targets: { p99Of200WireMs: 1000, rssGrowthMb: 50 },
      };
    }
  } finally {
    await server.stop();
    if (process.env.BENCH_KEEP !== '1') await removeProject(PROJECT);
  }
  result.summary = summaryOut;
  writeResult('throughput', result);
}
