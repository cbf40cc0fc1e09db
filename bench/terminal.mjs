#!/usr/bin/env node
// Terminal benchmark (issue #17, targets: keystroke echo p95 < 50 ms on loopback; 10 concurrent
// sessions hold RSS growth < 30 MB). Needs the sandbox engine (DOCKER_HOST) and a production build:
// Opsdeck is the production server (scripts/start.mjs, which hands the WebSocket upgrade to
// lib/http/terminal-upgrade.ts), driven as the browser drives it: a session cookie, our own Origin.
//  - echo: one `sh` session; a keystroke is sent as a binary frame and timed until the next frame
//    comes back (the TTY's echo, through the engine's hijacked exec stream and the WebSocket);
//    BENCH_KEYS keystrokes (default 300), one at a time.
//  - memory: the server's RSS after one warm-up session has come and gone, then with 10 sessions
//    open at once, each having run a command, and again after they close.
import WebSocket from 'ws';
import {
  docker,
  memorySampler,
  removeProject,
  runReplica,
  startServer,
  summary,
  writeResult,
} from './lib.mjs';

const KEYS = Number(process.env.BENCH_KEYS ?? 300);
const SESSIONS = 10;
const PROJECT = 'opsdeck-bench-terminal';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function login(url) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ username: 'admin', password: 'bench-admin-password' }),
  });
  return res.headers.get('set-cookie')?.split(';')[0] ?? '';
}

/** Opens a terminal; `next()` resolves with the next frame's text. */
function open(url, cookie, containerId) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/containers/${containerId}/exec?cmd=sh`, {
      headers: { cookie, origin: url },
    });
    let waiting = null;
    let screen = '';
    ws.on('message', (data, binary) => {
      if (!binary) return;
      screen += data.toString();
      const w = waiting;
      waiting = null;
      w?.(data.toString());
    });
    ws.on('unexpected-response', (_q, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        ws,
        screen: () => screen,
        next: () => new Promise((r) => (waiting = r)),
        send: (text) => ws.send(Buffer.from(text), { binary: true }),
        close: () =>
          new Promise((r) => {
            ws.once('close', r);
            ws.close();
          }),
      }),
    );
  });
}

async function until(what, fn, ms = 30_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

await removeProject(PROJECT);
const containerId = await runReplica(PROJECT, 'shell', 1);
const server = await startServer({ OPSDECK_EXEC_MAX_SESSIONS_PER_USER: String(SESSIONS + 2) });
try {
  const cookie = await login(server.url);
  await until('the inventory to list the container', async () => {
    const res = await fetch(`${server.url}/api/v1/services`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    return (await res.text()).includes(PROJECT);
  });

  // warm-up (first exec, JIT) and the prompt
  const warm = await open(server.url, cookie, containerId);
  warm.send('echo warm\r');
  await until('the warm-up echo', () => warm.screen().includes('warm\r\n'));
  await warm.close();

  const t = await open(server.url, cookie, containerId);
  await until('the prompt', () => t.screen().includes('# '));
  const echoMs = [];
  for (let i = 0; i < KEYS; i++) {
    // a line kill every 60 keys keeps the line short (no wrap redraws)
    if (i % 60 === 59) {
      t.send('\x15');
      await t.next();
      await sleep(20);
    }
    const got = t.next();
    const t0 = performance.now();
    t.send('x');
    await got;
    echoMs.push(Math.round((performance.now() - t0) * 100) / 100);
  }
  await t.close();

  await sleep(1000);
  const memory = memorySampler(server.rssMb, 100);
  memory.mark('idle-after-warmup');
  await sleep(1000);
  memory.mark('10-sessions');
  const many = await Promise.all(
    Array.from({ length: SESSIONS }, () => open(server.url, cookie, containerId)),
  );
  for (const [i, s] of many.entries()) s.send(`echo s-${i}-$((6*7))\r`);
  await until('every session to answer', () => many.every((s, i) => s.screen().includes(`s-${i}-42`)));
  await sleep(2000);
  const openRss = server.rssMb();
  memory.mark('closed');
  await Promise.all(many.map((s) => s.close()));
  await sleep(2000);
  const mem = memory.stop();
  const baseline = mem.phasePeaksMb['idle-after-warmup'];
  const growthMb = Math.round((mem.phasePeaksMb['10-sessions'] - baseline) * 10) / 10;

  const echo = summary(echoMs);
  writeResult('terminal', {
    params: { keys: KEYS, sessions: SESSIONS, engine: process.env.DOCKER_HOST, command: 'sh (busybox)' },
    samples: { echoMs },
    memory: mem,
    summary: {
      echoMs: echo,
      echoTargetMs: 50,
      echoP95Met: echo.p95 !== null && echo.p95 < 50,
      rss: {
        baselineMb: baseline,
        peakWith10SessionsMb: mem.phasePeaksMb['10-sessions'],
        openRssMb: Math.round(openRss * 10) / 10,
        growthMb,
        afterCloseMb: mem.endMb,
      },
      rssGrowthTargetMb: 30,
      rssGrowthMet: growthMb < 30,
    },
  });
} finally {
  await server.stop();
  await removeProject(PROJECT);
  await docker('ps', '-q').catch(() => '');
}
