#!/usr/bin/env node
/**
 * Screens benchmark (issue #18, docs/benchmarks.md): the wall on a cold load in Chromium at 1920×1080.
 *   1. first contentful paint of /wall (the page after /wall/connect took the display token), target < 1.5 s
 *   2. JavaScript the /wall document loads, gzip, target < 150 KB: its scripts gzipped here at level 9
 *      (what a compressing proxy sends), with each script's share
 * Each run is a new browser context (empty cache). 40 compose services are started for the wall to draw.
 * Starts the production build (bench/lib.mjs) against DOCKER_HOST:  node bench/screens.mjs [--runs 7]
 * The overview scrolling with 400 services is bench/scroll.mjs.
 */
import zlib from 'node:zlib';
import {
  docker,
  pool,
  projectContainerNames,
  runReplica,
  startServer,
  summary,
  writeResult,
} from './lib.mjs';

const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1] || 7);
const PROJECT = 'opsdeck-bench-screens';
const SERVICES = 40;

if (!process.env.DOCKER_HOST) {
  console.error('DOCKER_HOST is not set: bash scripts/sandbox.sh start');
  process.exit(2);
}

async function cleanup() {
  const names = [...(await projectContainerNames(PROJECT))];
  if (names.length) await docker('rm', '-f', ...names);
}

async function displayToken(url) {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ username: 'admin', password: 'bench-admin-password' }),
  });
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  const res = await fetch(`${url}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, cookie },
    body: JSON.stringify({ name: 'bench wall', scopes: ['display'] }),
  });
  const { token } = await res.json();
  if (!token) throw new Error('could not mint a display token');
  return token;
}

async function coldLoad(browser, url, token) {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  try {
    const page = await context.newPage();
    await page.goto(`${url}/wall#token=${token}`);
    await page.waitForURL(`${url}/wall`);
    await page.getByTestId('wall-service').first().waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    const fcp = await page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    );
    const tiles = await page.getByTestId('wall-service').count();
    // the scripts of the /wall document itself (the connect page before it is not the wall's cost)
    const own = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js'))
        .map((e) => e.name),
    );
    // (bytes on the wire would undercount: the connect page before it already cached the shared chunks)
    let gzip = 0;
    let raw = 0;
    const perScript = {};
    for (const src of own) {
      const body = Buffer.from(await (await fetch(src)).arrayBuffer());
      const z = zlib.gzipSync(body, { level: 9 }).length;
      raw += body.length;
      gzip += z;
      perScript[new URL(src).pathname] = Math.round(z / 102.4) / 10;
    }
    return {
      fcpMs: fcp === null ? null : Math.round(fcp),
      scripts: own.length,
      rawKB: raw / 1024,
      gzipKB: gzip / 1024,
      tiles,
      perScript,
    };
  } finally {
    await context.close();
  }
}

async function main() {
  await cleanup();
  const names = Array.from({ length: SERVICES }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
  await pool(names, 6, (name) => runReplica(PROJECT, name, 1));
  const server = await startServer({});
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const token = await displayToken(server.url);
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await coldLoad(browser, server.url, token));
    const round = (x) => Math.round(x * 10) / 10;
    writeResult('screens', {
      params: { runs: RUNS, services: SERVICES, viewport: '1920x1080', cold: 'new context per run' },
      samples: runs.map(({ perScript: _each, ...r }) => ({
        ...r,
        rawKB: round(r.rawKB),
        gzipKB: round(r.gzipKB),
      })),
      gzipKBPerScript: runs[0]?.perScript,
      summary: {
        wallFcpMs: summary(runs.map((r) => r.fcpMs)),
        wallJsGzipKB: round(Math.max(...runs.map((r) => r.gzipKB))),
        wallJsRawKB: round(Math.max(...runs.map((r) => r.rawKB))),
        scripts: Math.max(...runs.map((r) => r.scripts)),
        tilesDrawn: Math.min(...runs.map((r) => r.tiles)),
      },
    });
  } finally {
    await browser.close();
    await server.stop();
    await cleanup();
  }
}

main().catch(async (err) => {
  console.error(err);
  await cleanup().catch(() => undefined);
  process.exit(1);
});
