/**
 * Overload protection on the real production server (scripts/start.mjs over `next build`), started
 * here with tiny bounds: one API request in flight, one queued, two event streams per principal.
 *  - a request beyond the bound gets 503 + Retry-After at once, in the JSON error envelope, with the
 *    API's security headers; once the slot is free the same request is served (and 304 on its ETag);
 *  - a principal's third event stream gets 429 with a message saying why; another principal still
 *    gets its stream, and closing one frees the place.
 * The slot and the queue's place are held by logins whose bodies are only half sent (the server waits
 * for the rest), and the test waits for the server's own gauges to say so: no timing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';

// A Playwright spec although it drives no browser: it needs the production build, which `npm test`
// makes after the integration tests and before the end-to-end ones.
const ROOT = path.resolve(__dirname, '..');
const tempDataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-data-'));
const PASSWORD = 'overload-admin-password';
let server: ChildProcess;
let base = '';
let tokenA = '';
let tokenB = '';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function mint(cookie: string, name: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base, cookie },
    body: JSON.stringify({ name, scopes: ['read'] }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

/** Polls /api/metrics until the API class has `n` requests in a state (what the test waits for, not a time). */
async function apiGauge(gauge: 'in_flight' | 'queued', n: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const text = await (await fetch(`${base}/api/metrics`)).text();
    if (new RegExp(`^opsdeck_http_${gauge}\\{class="api"\\} ${n}$`, 'm').test(text)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the API class never had ${n} request(s) ${gauge}`);
}

/** A login whose declared body is longer than what is sent: the server holds it, waiting for the rest. */
async function heldLogin(): Promise<{ finish: () => Promise<string> }> {
  const { port } = new URL(base);
  const socket = net.connect(Number(port), '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  const half = '{"username":"admin",';
  const rest = `"password":"wrong-password-x"}`;
  socket.write(
    `POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: ${half.length + rest.length}\r\n\r\n${half}`,
  );
  let answer = '';
  socket.on('data', (c) => {
    answer += c.toString();
  });
  const closed = new Promise((r) => socket.once('close', r));
  return {
    finish: async () => {
      socket.write(rest);
      await closed;
      return answer;
    },
  };
}

test.beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, '.next', 'standalone', 'server.js'))) {
    throw new Error('no production build: run `NEXT_TELEMETRY_DISABLED=1 npx next build` first');
  }
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      OPSDECK_DATA_DIR: tempDataDir(),
      OPSDECK_ADMIN_PASSWORD: PASSWORD,
      OPSDECK_MAX_IN_FLIGHT: '1',
      OPSDECK_MAX_QUEUED: '1',
      OPSDECK_MAX_QUEUE_WAIT_MS: '60000',
      OPSDECK_MAX_STREAMS_PER_PRINCIPAL: '2',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  tokenA = await mint(cookie, 'overload-a');
  tokenB = await mint(cookie, 'overload-b');
});

test.afterAll(async () => {
  if (!server || server.exitCode !== null) return;
  await new Promise((r) => {
    server.once('exit', r);
    server.kill('SIGTERM');
  });
});

test.describe('bounded in-flight requests', () => {
  test('answers 503 with Retry-After beyond the bound, then serves again once the slot is free', async () => {
    const first = await heldLogin();
    await apiGauge('in_flight', 1);
    const second = await heldLogin();
    await apiGauge('queued', 1);

    const refused = await fetch(`${base}/api/v1/services`, {
      headers: { authorization: `Bearer ${tokenA}` },
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(refused.headers.get('content-type')).toBe('application/json');
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
    expect(refused.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(await refused.json()).toEqual({
      error: { code: 'unavailable', message: 'The server is at capacity: try again shortly' },
    });
    // Probes are their own class: liveness still answers while the API is full.
    expect(await (await fetch(`${base}/api/health`)).json()).toEqual({ status: 'ok' });

    // The rest of the bodies: each login is answered (a wrong password), the queued one once the first
    // has freed the slot; then the API is free again.
    expect(await first.finish()).toMatch(/^HTTP\/1\.1 401 /);
    expect(await second.finish()).toMatch(/^HTTP\/1\.1 401 /);
    await apiGauge('in_flight', 0);

    const served = await fetch(`${base}/api/v1/services`, { headers: { authorization: `Bearer ${tokenA}` } });
    expect(served.status).toBe(200);
    const list = (await served.json()) as { services: unknown[]; sources: { docker: unknown } };
    expect(Array.isArray(list.services)).toBe(true);
    expect(list.sources.docker).toBeDefined();
    const etag = served.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');

    // The list may change between two requests (the shared engine is not still during a run): a 200
    // then must carry a new ETag, and asking again with that one must, soon, give a 304.
    let current = etag as string;
    let notModified: Response | undefined;
    for (let i = 0; i < 10 && !notModified; i++) {
      const again = await fetch(`${base}/api/v1/services`, {
        headers: { authorization: `Bearer ${tokenA}`, 'if-none-match': current },
      });
      if (again.status === 304) notModified = again;
      else {
        expect(again.status).toBe(200);
        expect(again.headers.get('etag')).not.toBe(current);
        current = again.headers.get('etag') as string;
        await again.arrayBuffer();
      }
    }
    expect(notModified?.status, 'a 304 for the ETag of an unchanged list').toBe(304);
    expect(notModified?.headers.get('etag')).toBe(current);
    expect(await notModified?.text()).toBe('');
    // A wrong token is still refused on the fast path, before any ETag is looked at.
    const bad = await fetch(`${base}/api/v1/services`, {
      headers: { authorization: 'Bearer opsdeck_nope', 'if-none-match': current },
    });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });
});

test.describe('event streams per principal', () => {
  const open = async (token: string) => {
    const ctrl = new AbortController();
    const res = await fetch(`${base}/api/v1/stream`, {
      headers: { authorization: `Bearer ${token}` },
      signal: ctrl.signal,
    });
    let first = '';
    if (res.status === 200 && res.body) {
      const reader = res.body.getReader();
      const { value } = await reader.read();
      first = new TextDecoder().decode(value);
    }
    return { res, first, close: () => ctrl.abort() };
  };

  test('refuses a principal its third stream with 429, not another principal, and frees the place on close', async () => {
    const a1 = await open(tokenA);
    const a2 = await open(tokenA);
    expect([a1.res.status, a2.res.status]).toEqual([200, 200]);
    expect(a1.first).toContain('retry: 2000');

    const a3 = await open(tokenA);
    expect(a3.res.status).toBe(429);
    expect(a3.res.headers.get('retry-after')).toBe('5');
    const refusal = (await a3.res.json()) as { error: { code: string; message: string; maxStreams: number } };
    expect(refusal.error.code).toBe('rate_limited');
    expect(refusal.error.message).toContain('Too many open event streams for this principal');
    expect(refusal.error.maxStreams).toBe(2);

    const b1 = await open(tokenB);
    expect(b1.res.status).toBe(200);
    expect(b1.first).toContain('retry: 2000');

    a1.close();
    // The server learns of the close when the socket ends; ask until it has (the answer is what counts).
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      const again = await open(tokenA);
      status = again.res.status;
      if (status === 200) again.close();
      else await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe(200);
    a2.close();
    b1.close();
  });
});
