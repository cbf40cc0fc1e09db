#!/usr/bin/env node
/**
 * Overview scroll benchmark (issue #18, docs/benchmarks.md): 400 services on `/`, scrolled top →
 * bottom by mouse-wheel steps in Chromium (playwright-core) while a PerformanceObserver records
 * every 'longtask' (main-thread work > 50 ms). Target: no long task > 50 ms, i.e. none at all.
 * The services are real: 400 one-replica compose-labelled busybox `sleep` containers on the sandbox
 * engine (network none), so the overview holds exactly what a 400-service engine gives it.
 *   node bench/scroll.mjs [--runs 3] [--keep]   (--keep leaves the 400 containers for a re-run)
 * Starts the production build (bench/lib.mjs) against DOCKER_HOST.
 */
import { pool, projectContainerNames, removeProject, runReplica, startServer, writeResult } from './lib.mjs';

const args = process.argv.slice(2);
const RUNS = Number(args.includes('--runs') ? args[args.indexOf('--runs') + 1] : 3);
const KEEP = args.includes('--keep');
const PROJECT = 'opsdeck-bench-scroll';
const SERVICES = Number(process.env.BENCH_SERVICES ?? 400);
const VIEWPORT = { width: 1366, height: 768 };
const WHEEL_PX = 240;
const STEP_GAP_MS = 50;

if (!process.env.DOCKER_HOST) {
  console.error('DOCKER_HOST is not set: bash scripts/sandbox.sh start');
  process.exit(2);
}

async function ensureServices() {
  const existing = await projectContainerNames(PROJECT);
  const names = Array.from({ length: SERVICES }, (_, i) => `svc-${String(i).padStart(3, '0')}`);
  const missing = names.filter((n) => !existing.has(`${PROJECT}_${n}_1`));
  console.error(`[bench] ${SERVICES - missing.length} services exist, creating ${missing.length}`);
  await pool(missing, 8, (n) => runReplica(PROJECT, n, 1));
}

async function waitForServices(url, token) {
  for (let i = 0; i < 600; i++) {
    const res = await fetch(`${url}/api/v1/services`, { headers: { authorization: `Bearer ${token}` } });
    const body = await res.json();
    const ours = (body.services ?? []).filter((s) => s.stack === PROJECT).length;
    if (ours >= SERVICES) return (body.services ?? []).length;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the server never listed ${SERVICES} services of ${PROJECT}`);
}

/** One scroll from the top to the bottom; long tasks observed from the first wheel step to 1 s after the last. */
async function scrollOnce(page) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(1500);
  await page.evaluate(() => {
    window.__longTasks = [];
    window.__observer?.disconnect();
    window.__observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        window.__longTasks.push({ start: Math.round(e.startTime), ms: Math.round(e.duration) });
    });
    window.__observer.observe({ type: 'longtask' });
  });
  const t0 = Date.now();
  let steps = 0;
  for (;;) {
    await page.mouse.wheel(0, WHEEL_PX);
    steps++;
    await page.waitForTimeout(STEP_GAP_MS);
    const atEnd = await page.evaluate(
      () => window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2,
    );
    if (atEnd || steps > 5000) break;
  }
  const scrollMs = Date.now() - t0;
  await page.waitForTimeout(1000);
  const longTasks = await page.evaluate(() => window.__longTasks);
  const dom = await page.evaluate(() => ({
    rowsInDom: document.querySelectorAll('[data-testid="service-row"]').length,
    scrollHeight: document.documentElement.scrollHeight,
    lastRow: [...document.querySelectorAll('[data-testid="service-row"]')]
      .at(-1)
      ?.getAttribute('data-service'),
  }));
  return {
    steps,
    scrollMs,
    longTasks: longTasks.length,
    maxLongTaskMs: longTasks.length ? Math.max(...longTasks.map((t) => t.ms)) : 0,
    longTaskMs: longTasks.map((t) => t.ms),
    ...dom,
  };
}

async function main() {
  await ensureServices();
  const server = await startServer({});
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const servicesListed = await waitForServices(server.url, server.token);
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    const login = await page.request.post(`${server.url}/api/v1/auth/login`, {
      data: { username: 'admin', password: 'bench-admin-password' },
      headers: { origin: server.url },
    });
    if (!login.ok()) throw new Error(`login: ${login.status()}`);
    await page.goto(`${server.url}/`);
    await page.locator(`[data-testid="stack"][data-stack="${PROJECT}"]`).waitFor({ timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await scrollOnce(page));
    await context.close();
    const all = runs.flatMap((r) => r.longTaskMs);
    const max = all.length ? Math.max(...all) : 0;
    writeResult('scroll', {
      params: {
        services: SERVICES,
        servicesListed,
        runs: RUNS,
        viewport: `${VIEWPORT.width}x${VIEWPORT.height}`,
        wheelPx: WHEEL_PX,
        stepGapMs: STEP_GAP_MS,
        source: 'real busybox containers on the sandbox engine',
      },
      samples: runs,
      summary: {
        maxLongTaskMs: max,
        longTasks: all.length,
        longTasksPerRun: runs.map((r) => r.longTasks),
        maxRowsInDom: Math.max(...runs.map((r) => r.rowsInDom)),
        target: 'no long task > 50 ms',
        met: all.length === 0,
      },
    });
  } finally {
    await browser.close();
    await server.stop();
    if (!KEEP) await removeProject(PROJECT);
  }
}

main().catch(async (err) => {
  console.error(err);
  if (!KEEP) await removeProject(PROJECT).catch(() => undefined);
  process.exit(1);
});
