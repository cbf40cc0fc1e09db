#!/usr/bin/env node
/**
 * Logs benchmark, one run against one container holding 200,000 lines (docs/logs.md, docs/benchmarks.md):
 *   1. lines/s through GET /api/v1/services/{id}/logs?tail=all (NDJSON) against `docker logs` (target ≥ 0.8×)
 *   2. time to first line for tail=1000 (target < 100 ms)
 *   3. with --browser: the viewer following 1,000 lines/s for 60 s in Chromium: long tasks and JS heap
 *
 * Starts the production build (bench/lib.mjs) against DOCKER_HOST, or uses a running server:
 *   OPSDECK_URL=http://127.0.0.1:3000 with OPSDECK_TOKEN=opsdeck_… (read scope) or
 *   OPSDECK_ADMIN_PASSWORD=… (logs in as admin and mints a token; needed for --browser)
 *   node bench/logs.mjs [--browser] [--lines 200000] [--follow-seconds 60]
 * Keeps the run as bench/results/logs-<UTC timestamp>.json (bench/lib.mjs writeResult). `npm run bench`
 * runs it with --browser.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { memorySampler, ROOT, startServer, summary, writeResult } from './lib.mjs';

const pexec = promisify(execFile);
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const LINES = Number(opt('lines', '200000'));
const FOLLOW_SECONDS = Number(opt('follow-seconds', '60'));
const BROWSER = args.includes('--browser');
let BASE = (process.env.OPSDECK_URL ?? '').replace(/\/$/, '');
const PROJECT = 'opsdeck-bench-logs';
const SCRIPT = fs.readFileSync(path.join(ROOT, 'tests/fixtures/logspam/logspam.sh'), 'utf8');
const BUSYBOX = 'opsdeck-demo/busybox:1';

if (!process.env.DOCKER_HOST) {
  console.error(
    'DOCKER_HOST is not set: point it at the engine the server watches (bash scripts/sandbox.sh start)',
  );
  process.exit(2);
}

const docker = async (...a) => (await pexec('docker', a, { maxBuffer: 1 << 26 })).stdout.trim();
const serviceId = (name) => Buffer.from(`local\u0000${PROJECT}\u0000${name}`).toString('base64url');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function session() {
  if (!BASE) {
    const server = await startServer({});
    BASE = server.url;
    return {
      token: server.token,
      password: 'bench-admin-password',
      stop: server.stop,
      memory: memorySampler(server.rssMb),
    };
  }
  if (process.env.OPSDECK_TOKEN) return { token: process.env.OPSDECK_TOKEN, cookie: null };
  const password = process.env.OPSDECK_ADMIN_PASSWORD;
  if (!password) throw new Error('set OPSDECK_TOKEN (read scope) or OPSDECK_ADMIN_PASSWORD');
  const login = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: BASE },
    body: JSON.stringify({ username: 'admin', password }),
  });
  if (!login.ok) throw new Error(`login failed: HTTP ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const minted = await fetch(`${BASE}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: BASE, cookie },
    body: JSON.stringify({ name: `bench-logs-${Date.now()}`, scopes: ['read'] }),
  });
  if (!minted.ok) throw new Error(`minting a token failed: HTTP ${minted.status} ${await minted.text()}`);
  return { token: (await minted.json()).token, cookie, password };
}

async function runReplica(service, mode, arg) {
  const name = `${PROJECT}_${service}_1`;
  await docker('rm', '-f', name).catch(() => '');
  await docker(
    'run',
    '-d',
    '--network',
    'none',
    '--name',
    name,
    '--label',
    `com.docker.compose.project=${PROJECT}`,
    '--label',
    `com.docker.compose.service=${service}`,
    '--label',
    'com.docker.compose.container-number=1',
    '--label',
    'com.docker.compose.oneoff=False',
    BUSYBOX,
    'sh',
    '-c',
    SCRIPT,
    'logspam',
    mode,
    String(arg),
  );
  return name;
}

async function waitUntil(what, check, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** `docker logs --timestamps` to a pipe, counting lines: the engine's own speed through its CLI. */
function dockerLogs(name) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('docker', ['logs', '--timestamps', name], { stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    const count = (chunk) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    };
    child.stdout.on('data', count);
    child.stderr.on('data', count);
    child.on('error', reject);
    child.on('close', () => resolve({ lines, seconds: (performance.now() - started) / 1000 }));
  });
}

async function apiLogs(id, token, query) {
  const started = performance.now();
  const res = await fetch(`${BASE}/api/v1/services/${id}/logs?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`GET logs: HTTP ${res.status} ${await res.text()}`);
  let lines = 0;
  let firstLineMs = null;
  for await (const chunk of res.body) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) {
      lines++;
      firstLineMs ??= performance.now() - started;
    }
  }
  return { lines, seconds: (performance.now() - started) / 1000, firstLineMs };
}

async function browserFollow(auth, id) {
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--enable-precise-memory-info'],
  });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const login = await page.request.post(`${BASE}/api/v1/auth/login`, {
      data: { username: 'admin', password: auth.password },
      headers: { origin: BASE },
    });
    if (!login.ok()) throw new Error('--browser needs OPSDECK_ADMIN_PASSWORD (a session, not a token)');
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${BASE}/services/${id}/logs`);
    await page
      .getByTestId('log-status')
      .and(page.locator('[data-status="live"]'))
      .waitFor({ timeout: 30_000 });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const heap = [];
    await page.evaluate(() => {
      window.__longTasks = [];
    });
    for (let s = 0; s < FOLLOW_SECONDS; s += 5) {
      await sleep(5000);
      const { metrics } = await cdp.send('Performance.getMetrics');
      heap.push(Math.round((metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1048576));
    }
    const longTasks = await page.evaluate(() => window.__longTasks);
    const shownLines = await page.getByTestId('log-status').textContent();
    return {
      seconds: FOLLOW_SECONDS,
      longTasks: longTasks.length,
      longestTaskMs: Math.round(Math.max(0, ...longTasks)),
      heapMiBEvery5s: heap,
      status: shownLines,
    };
  } finally {
    await browser.close();
  }
}

async function main() {
  const auth = await session();
  try {
    return await measure(auth);
  } catch (err) {
    await auth.stop?.();
    throw err;
  }
}

async function measure(auth) {
  const name = await runReplica('spam', 'count', LINES);
  await waitUntil(
    `${LINES} lines in ${name}`,
    async () => (await docker('logs', '--tail', '1', name)) === 'done',
  );
  const id = serviceId('spam');
  await waitUntil('the service in the API', async () => {
    const r = await fetch(`${BASE}/api/v1/services/${id}`, {
      headers: { authorization: `Bearer ${auth.token}` },
    });
    return r.ok;
  });

  const engine = [];
  const api = [];
  for (let i = 0; i < 3; i++) {
    engine.push(await dockerLogs(name));
    api.push(await apiLogs(id, auth.token, 'tail=all'));
  }
  const ttfl = [];
  for (let i = 0; i < 10; i++) ttfl.push((await apiLogs(id, auth.token, 'tail=1000')).firstLineMs);
  const engineRate = Math.max(...engine.map((r) => r.lines / r.seconds));
  const apiRate = Math.max(...api.map((r) => r.lines / r.seconds));
  const rates = (runs) => runs.map((r) => Math.round(r.lines / r.seconds));
  const params = {
    server: BASE,
    lines: LINES,
    browser: BROWSER,
    followSeconds: BROWSER ? FOLLOW_SECONDS : null,
  };
  const samples = {
    dockerLogs: engine,
    apiNdjson: api.map(({ lines, seconds }) => ({ lines, seconds })),
    timeToFirstLineMs: ttfl.map((x) => Math.round(x * 10) / 10),
  };
  const result = {
    dockerLogsLinesPerSecond: summary(rates(engine)),
    apiNdjsonLinesPerSecond: summary(rates(api)),
    // best of 3 on each side, as the figures of record have always been stated
    ratioBest: Number((apiRate / engineRate).toFixed(2)),
    ratioTarget: 0.8,
    timeToFirstLineMs: { tail: 1000, ...summary(ttfl), target: 100 },
  };
  if (BROWSER) {
    await docker('rm', '-f', `${PROJECT}_fast_1`);
    // 100 lines every 0.1 s ≈ 1,000 lines/s
    await docker(
      'run',
      '-d',
      '--network',
      'none',
      '--name',
      `${PROJECT}_fast_1`,
      '--label',
      `com.docker.compose.project=${PROJECT}`,
      '--label',
      'com.docker.compose.service=fast',
      '--label',
      'com.docker.compose.container-number=1',
      '--label',
      'com.docker.compose.oneoff=False',
      BUSYBOX,
      'sh',
      '-c',
      'i=0; while true; do i=$((i+1)); seq 1 100 | sed "s/^/batch $i line /"; sleep 0.1; done',
    );
    await waitUntil('the fast service in the API', async () => {
      const r = await fetch(`${BASE}/api/v1/services/${serviceId('fast')}`, {
        headers: { authorization: `Bearer ${auth.token}` },
      });
      return r.ok;
    });
    result.browser = await browserFollow(auth, serviceId('fast'));
  }
  if (auth.memory) result.serverRss = auth.memory.stop();
  writeResult('logs', { params, samples, summary: result });
  return auth;
}

let auth;
try {
  auth = await main();
} finally {
  await auth?.stop?.();
  for (const s of ['spam', 'fast']) await docker('rm', '-f', `${PROJECT}_${s}_1`).catch(() => '');
}
