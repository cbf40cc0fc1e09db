#!/usr/bin/env node
// Prometheus benchmark (issue: Prometheus and alerts §Benchmark). Needs the sandbox engine and Debian's
// prometheus + prometheus-alertmanager. Against the production build when there is one; otherwise (or
// with BENCH_INPROCESS=1) the same code runs in-process through jiti and the route handlers are called
// directly (no HTTP hop: the services API time is then the handler's alone).
//  - Prometheus requests per refresh (and per overview load) at 10 and at 100 labelled services,
//    counted by a proxy in front of a real Prometheus (and one in front of Alertmanager): the target
//    is equal. Refreshes are not assumed from the window length: a refresh sends its requests together
//    (single-flight, concurrent), so the proxied requests fall in bursts; each burst (requests less
//    than BURST_GAP_MS apart) is one refresh, counted as it happened. The refresher's own count
//    (opsdeck_prometheus_refreshes_total on /api/metrics) over the same window must equal the number
//    of bursts, otherwise the result says so (`refreshCountsAgree: false`).
//  - GET /api/v1/services p50/p95 with Prometheus data at 100 services
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  freePort,
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

const pexec = promisify(execFile);
const PROJECT = 'opsdeck-bench-prom';
const JOB = 'bench-worker';
const WINDOW_S = Number(process.env.BENCH_WINDOW_SECONDS ?? 30);
const REFRESH_S = 5; // the refresher's default interval
const BURST_GAP_MS = 400; // refreshes are ≥ 1 s apart; one refresh's requests are ms apart
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
async function countingHttpProxy(target, counts = []) {
  const port = await freePort();
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
    amPort,
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

/** One counter of the server's own /api/metrics, summed over its labels (null in-process). */
async function serverCounter(metricsText, name) {
  const text = await metricsText();
  if (text === null) return null;
  let sum = 0;
  for (const m of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))) sum += Number(m[1]);
  return sum;
}

/** Splits timestamped requests into bursts: a gap of more than `gapMs` starts the next one. */
function bursts(counts, gapMs) {
  const out = [];
  for (const c of counts) {
    const last = out.at(-1);
    if (last && c.at - last.lastAt <= gapMs) {
      last.requests.push(c);
      last.lastAt = c.at;
    } else out.push({ at: c.at, lastAt: c.at, requests: [c] });
  }
  return out;
}

/** Requests to Prometheus per refresh during a window, plus one overview load (services + sparklines). */
async function measure(api, promCounts, amCounts, n, metricsText) {
  // wait until the server shows queue values for all n services, then for a quiet moment
  for (let i = 0; i < 120; i++) {
    const { services } = await api('/api/v1/services');
    if (services.filter((s) => s.stack === PROJECT && s.queue?.value != null).length >= n) break;
    await sleep(500);
  }
  const quiet = async () => {
    for (;;) {
      const last = promCounts.at(-1)?.at ?? 0;
      if (Date.now() - last > BURST_GAP_MS * 2) return;
      await sleep(50);
    }
  };
  await quiet();
  const refreshesStart = await serverCounter(metricsText, 'opsdeck_prometheus_refreshes_total');
  const requestsStart = await serverCounter(metricsText, 'opsdeck_prometheus_requests_total');
  const from = promCounts.length;
  const amFrom = amCounts.length;
  await sleep(WINDOW_S * 1000);
  await quiet(); // the window ends between refreshes, so the last burst is whole
  const refreshesEnd = await serverCounter(metricsText, 'opsdeck_prometheus_refreshes_total');
  const requestsEnd = await serverCounter(metricsText, 'opsdeck_prometheus_requests_total');
  const prom = promCounts.slice(from);
  const am = amCounts.slice(amFrom);
  const refreshes = bursts(prom, BURST_GAP_MS).map((b) => {
    const byPath = {};
    for (const c of b.requests) byPath[c.path] = (byPath[c.path] ?? 0) + 1;
    const alertmanager = am.filter((c) => c.at >= b.at - BURST_GAP_MS && c.at <= b.lastAt + BURST_GAP_MS);
    return {
      at: new Date(b.at).toISOString(),
      prometheus: b.requests.length,
      alertmanager: alertmanager.length,
      byPath,
    };
  });
  const refresherCount = refreshesEnd === null ? null : refreshesEnd - refreshesStart;
  const overviewFrom = promCounts.length;
  await api('/api/v1/services');
  await api('/api/v1/queues/sparklines?range=1h');
  const overview = promCounts.slice(overviewFrom).filter((c) => c.path === '/api/v1/query_range').length;
  return {
    services: n,
    refreshesSeenAsBursts: refreshes.length,
    refreshesCountedByRefresher: refresherCount,
    refreshCountsAgree: refresherCount === null ? null : refresherCount === refreshes.length,
    prometheusRequestsPerRefresh: refreshes.map((r) => r.prometheus),
    alertmanagerRequestsPerRefresh: refreshes.map((r) => r.alertmanager),
    summary: summary(refreshes.map((r) => r.prometheus)),
    byPathFirstRefresh: refreshes[0]?.byPath ?? {},
    refreshes,
    requestsSeenByProxy: prom.length + am.length,
    requestsCountedByServer: requestsEnd === null ? null : requestsEnd - requestsStart,
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
      metricsText: async () => (await fetch(`${server.url}/api/metrics`)).text(),
      rssMb: server.rssMb,
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
    metricsText: async () => null,
    rssMb: () => process.memoryUsage.rss() / 1048576,
    stop: async () => boot.stopPrometheus(),
  };
}

const metrics = await metricsEndpoint(100);
const stack = await promStack(metrics.port);
const promCounts = [];
const amCounts = [];
const proxy = await countingHttpProxy(stack.promPort, promCounts);
const amProxy = await countingHttpProxy(stack.amPort, amCounts);
await removeServices();
await ensureServices(10);
const { mode, api, metricsText, rssMb, stop } = await openApi({
  PROMETHEUS_URL: `http://127.0.0.1:${proxy.port}`,
  ALERTMANAGER_URL: `http://127.0.0.1:${amProxy.port}`,
});
try {
  const memory = memorySampler(rssMb);
  const at10 = await measure(api, promCounts, amCounts, 10, metricsText);
  await ensureServices(100);
  const at100 = await measure(api, promCounts, amCounts, 100, metricsText);
  const times = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    await api('/api/v1/services');
    times.push(Math.round((performance.now() - t) * 10) / 10);
  }
  const same = (xs) => xs.length > 0 && xs.every((x) => x === xs[0]);
  const all = [...at10.prometheusRequestsPerRefresh, ...at100.prometheusRequestsPerRefresh];
  writeResult('prometheus', {
    params: {
      mode,
      windowSeconds: WINDOW_S,
      refresherIntervalSeconds: REFRESH_S,
      burstGapMs: BURST_GAP_MS,
      servicesApiCalls: 200,
    },
    samples: {
      at10: at10.refreshes,
      at100: at100.refreshes,
      servicesApiMsAt100: times,
    },
    summary: {
      prometheusRequestsPerRefresh: {
        at10: at10.summary,
        at100: at100.summary,
        equal: same(all),
      },
      at10: { ...at10, refreshes: undefined },
      at100: { ...at100, refreshes: undefined },
      servicesApiMsAt100: summary(times),
      serverRss: memory.stop(),
    },
  });
} finally {
  await stop();
  proxy.close();
  amProxy.close();
  stack.stop();
  metrics.close();
  await removeServices();
  process.exit(0);
}
