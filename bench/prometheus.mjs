#!/usr/bin/env node
// Prometheus benchmark (issue: Prometheus and alerts §Benchmark). Needs the sandbox engine and Debian's
// prometheus + prometheus-alertmanager. Against the production build when there is one; otherwise (or
// with BENCH_INPROCESS=1) the same code runs in-process through jiti and the route handlers are called
// directly (no HTTP hop: the services API time is then the handler's alone).
//  - Prometheus requests per refresh (and per overview load) at 10 and at 100 labelled services,
//    counted by a proxy in front of a real Prometheus: the target is equal
//  - GET /api/v1/services p50/p95 with Prometheus data at 100 services
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  freePort,
  pool,
  projectContainerNames,
  ROOT,
  removeProject,
  runReplica,
  startServer,
  summary,
  writeResult,
} from './lib.mjs';

const pexec = promisify(execFile);
const PROJECT = 'opsdeck-bench-prom';
const JOB = 'bench-worker';
const WINDOW_S = Number(process.env.BENCH_WINDOW_SECONDS ?? 30);
const REFRESH_S = 5; // the refresher's default interval
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** /metrics for the scrape job: one queue_size and errors_total series per service. */
async function metricsEndpoint(n) {
  const port = await freePort();
  const body = Array.from({ length: n }, (_, i) => {
    const s = `s${String(i).padStart(3, '0')}`;
    return `queue_size{service="${s}"} ${i}\nerrors_total{service="${s}"} ${i * 2}`;
  }).join('\n');
  const server = http.createServer((_req, res) => res.end(`${body}\n`));
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { port, close: () => server.close() };
}

/** A counting HTTP proxy in front of Prometheus: how many requests the server makes, by path. */
async function countingHttpProxy(target) {
  const port = await freePort();
  const counts = [];
  const server = http.createServer((req, res) => {
    counts.push({ at: Date.now(), path: (req.url ?? '').split('?')[0] });
    const up = http.request(
      { host: '127.0.0.1', port: target, path: req.url, method: req.method, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { port, counts, close: () => server.close() };
}

async function startBinary(bin, args, readyUrl) {
  const child = spawn(bin, args, { stdio: 'ignore' });
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(readyUrl)).ok) return child;
    } catch {}
    await sleep(200);
  }
  child.kill();
  throw new Error(`${bin} not ready`);
}

async function promStack(scrapePort) {
  for (const b of ['prometheus', 'prometheus-alertmanager']) {
    try {
      await pexec('sh', ['-c', `command -v ${b}`]);
    } catch {
      throw new Error(`${b} not found: apt-get install ${b}`);
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-bench-prom-'));
  const [promPort, amPort] = [await freePort(), await freePort()];
  fs.writeFileSync(path.join(dir, 'am.yml'), 'route:\n  receiver: b\nreceivers:\n  - name: b\n');
  fs.writeFileSync(
    path.join(dir, 'rules.yml'),
    `groups:\n  - name: bench\n    rules:\n      - alert: QueueHigh\n        expr: queue_size > 90\n        labels: { severity: warning }\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'prom.yml'),
    `global: { scrape_interval: 5s, evaluation_interval: 5s }\nalerting: { alertmanagers: [ { static_configs: [ { targets: ["127.0.0.1:${amPort}"] } ] } ] }\nrule_files: ["rules.yml"]\nscrape_configs:\n  - job_name: ${JOB}\n    static_configs: [ { targets: ["127.0.0.1:${scrapePort}"] } ]\n`,
  );
  const am = await startBinary(
    'prometheus-alertmanager',
    [
      `--config.file=${dir}/am.yml`,
      `--storage.path=${dir}/am`,
      `--web.listen-address=127.0.0.1:${amPort}`,
      '--cluster.listen-address=',
    ],
    `http://127.0.0.1:${amPort}/-/ready`,
  );
  const prom = await startBinary(
    'prometheus',
    [
      `--config.file=${dir}/prom.yml`,
      `--storage.tsdb.path=${dir}/tsdb`,
      `--web.listen-address=127.0.0.1:${promPort}`,
    ],
    `http://127.0.0.1:${promPort}/-/ready`,
  );
  return {
    promPort,
    amUrl: `http://127.0.0.1:${amPort}`,
    stop: () => {
      prom.kill();
      am.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function ensureServices(n) {
  const existing = await projectContainerNames(PROJECT);
  const names = Array.from({ length: n }, (_, i) => `s${String(i).padStart(3, '0')}`).filter(
    (s) => !existing.has(`${PROJECT}_${s}_1`),
  );
  await pool(names, 4, (s) =>
    runReplica(PROJECT, s, 1, {
      'opsdeck.prometheus.job': JOB,
      'opsdeck.queue': `sum(queue_size{job="${JOB}",service="${s}"})`,
      'opsdeck.queue.warn': '50',
      'opsdeck.queue.critical': '90',
      'opsdeck.metric.errors': `sum(errors_total{job="${JOB}",service="${s}"})`,
    }),
  );
}

const removeServices = () => removeProject(PROJECT);

/** Requests to Prometheus during a window of refreshes, plus one overview load (services + sparklines). */
async function measure(api, proxy, n) {
  // wait until the server shows queue values for all n services
  for (let i = 0; i < 120; i++) {
    const { services } = await api('/api/v1/services');
    if (services.filter((s) => s.stack === PROJECT && s.queue?.value != null).length >= n) break;
    await sleep(500);
  }
  const from = proxy.counts.length;
  await sleep(WINDOW_S * 1000);
  const refreshRequests = proxy.counts.slice(from);
  const overviewFrom = proxy.counts.length;
  await api('/api/v1/services');
  await api('/api/v1/queues/sparklines?range=1h');
  const overview = proxy.counts.slice(overviewFrom).filter((c) => c.path === '/api/v1/query_range').length;
  const byPath = {};
  for (const c of refreshRequests) byPath[c.path] = (byPath[c.path] ?? 0) + 1;
  return {
    services: n,
    requestsInWindow: refreshRequests.length,
    perRefresh: refreshRequests.length / (WINDOW_S / REFRESH_S),
    byPath,
    overviewRangeQueries: overview,
  };
}

/** The API: over HTTP to the production server, or its route handlers called in-process. */
async function openApi(env) {
  const standalone = path.join(ROOT, '.next/standalone/server.js');
  if (fs.existsSync(standalone) && process.env.BENCH_INPROCESS !== '1') {
    const server = await startServer(env);
    const auth = { authorization: `Bearer ${server.token}` };
    return {
      mode: 'production server (HTTP)',
      api: async (p) => (await fetch(`${server.url}${p}`, { headers: auth })).json(),
      stop: () => server.stop(),
    };
  }
  Object.assign(process.env, env, {
    OPSDECK_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-bench-data-')),
    LOG_LEVEL: 'warn',
  });
  const { createJiti } = await import(path.join(ROOT, 'node_modules/jiti/lib/jiti.mjs'));
  const jiti = createJiti(import.meta.url, { alias: { '@': ROOT } });
  const boot = await jiti.import(path.join(ROOT, 'lib/prometheus/boot.ts'));
  const { createToken } = await jiti.import(path.join(ROOT, 'lib/auth/tokens.ts'));
  const routes = {
    '/api/v1/services': await jiti.import(path.join(ROOT, 'app/api/v1/services/route.ts')),
    '/api/v1/queues/sparklines': await jiti.import(path.join(ROOT, 'app/api/v1/queues/sparklines/route.ts')),
  };
  const { token } = createToken({ name: 'bench', scopes: ['read'], services: null });
  boot.startPrometheus();
  return {
    mode: 'in-process (route handlers via jiti, no HTTP)',
    api: async (p) => {
      const route = routes[p.split('?')[0]];
      const res = await route.GET(
        new Request(`http://127.0.0.1${p}`, { headers: { authorization: `Bearer ${token}` } }),
        {
          params: Promise.resolve({}),
        },
      );
      return res.json();
    },
    stop: async () => boot.stopPrometheus(),
  };
}

const metrics = await metricsEndpoint(100);
const stack = await promStack(metrics.port);
const proxy = await countingHttpProxy(stack.promPort);
await removeServices();
await ensureServices(10);
const { mode, api, stop } = await openApi({
  PROMETHEUS_URL: `http://127.0.0.1:${proxy.port}`,
  ALERTMANAGER_URL: stack.amUrl,
});
try {
  const at10 = await measure(api, proxy, 10);
  await ensureServices(100);
  const at100 = await measure(api, proxy, 100);
  const times = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    await api('/api/v1/services');
    times.push(performance.now() - t);
  }
  writeResult('prometheus', {
    mode,
    windowSeconds: WINDOW_S,
    at10,
    at100,
    equal: at10.perRefresh === at100.perRefresh,
    servicesApiMsAt100: summary(times),
  });
} finally {
  await stop();
  proxy.close();
  stack.stop();
  metrics.close();
  await removeServices();
  process.exit(0);
}
