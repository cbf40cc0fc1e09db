/**
 * The front door's fast path (lib/http/front-door.ts: `handle` over Node's parsed head, answers' bytes
 * written as they are, liveness from bytes made at boot) answers exactly as Next's route handlers do.
 *
 * Two production servers from the same build, each with its own data dir (one data dir cannot be
 * shared: lib/store locks it): `scripts/start.mjs`, whose front door serves the hot reads, and Next's
 * standalone `server.js` alone, where no front door is called and Next's routes serve them. The same
 * requests go to both (each server's own tokens of the same kinds, the same X-Request-Id), and the
 * status, the headers that matter and the bytes must be the same (not the framing: the front door
 * sends Content-Length, Next may stream the same bytes chunked): valid token, bad token, missing
 * token, revoked token, a service-limited token (its list; another service hidden as 404), a token
 * without the read scope (403), an unknown service (404), If-None-Match (304); and /api/health with a
 * bad token (ignored: 200).
 *
 * The list's `sources.*.lastOkAt` is when that server's engine connection last answered, a time each
 * server has its own: it is set to the same value before the bytes are compared (and so the ETags,
 * hashes of those bytes, differ between the servers; each is checked against its own server).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, removeProject, runReplica, test } from './support/fixtures';
import { ADMIN_PASSWORD, freePort, ROOT, type RunningServer, startServer } from './support/server';

const PROJECT = 'opsdeck-fd';
const HEADERS_THAT_MATTER = [
  'content-type',
  'cache-control',
  'etag',
  'retry-after',
  'www-authenticate',
  'x-request-id',
  'x-content-type-options',
  'referrer-policy',
  'cross-origin-opener-policy',
  'permissions-policy',
  'content-security-policy',
];

interface Tokens {
  full: string;
  limited: string;
  display: string;
  revoked: string;
}

interface Side {
  url: string;
  tokens: Tokens;
  stop: () => Promise<void>;
}

/** Next's standalone server alone: no scripts/start.mjs, so no front door. */
async function startNextOnly(): Promise<Side['stop'] & { url: string }> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-e2e-next-'));
  const out = fs.openSync(path.join(dataDir, 'server.log'), 'a');
  const standalone = path.join(ROOT, '.next', 'standalone');
  const child: ChildProcess = spawn(process.execPath, [path.join(standalone, 'server.js')], {
    cwd: standalone,
    env: {
      ...process.env,
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      OPSDECK_DATA_DIR: dataDir,
      OPSDECK_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', out, out],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`next-only server exited; see ${dataDir}/server.log`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 600) throw new Error('next-only server did not answer /api/health in 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return Object.assign(stop, { url });
}

async function mintTokens(url: string): Promise<Tokens> {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  const mint = async (body: object) => {
    const res = await fetch(`${url}/api/v1/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url, cookie },
      body: JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as { id: string; token: string };
  };
  const full = await mint({ name: 'fd-full', scopes: ['read'] });
  const limited = await mint({ name: 'fd-limited', scopes: ['read'], services: [`${PROJECT}/web`] });
  const display = await mint({ name: 'fd-display', scopes: ['display'] });
  const revoked = await mint({ name: 'fd-revoked', scopes: ['read'] });
  const del = await fetch(`${url}/api/v1/tokens/${revoked.id}`, {
    method: 'DELETE',
    headers: { origin: url, cookie },
  });
  expect(del.status).toBeLessThan(300);
  return { full: full.token, limited: limited.token, display: display.token, revoked: revoked.token };
}

interface Answer {
  status: number;
  headers: Record<string, string | null>;
  body: string;
}

async function ask(url: string, pathname: string, headers: Record<string, string>): Promise<Answer> {
  const res = await fetch(`${url}${pathname}`, { headers });
  const out: Record<string, string | null> = {};
  for (const name of HEADERS_THAT_MATTER) out[name] = res.headers.get(name);
  return { status: res.status, headers: out, body: await res.text() };
}

/** The list with each source's `lastOkAt` (the server's own connection time) set to one value. */
function sameClock(body: string): string {
  const value = JSON.parse(body) as { sources?: Record<string, { lastOkAt?: unknown }> };
  for (const s of Object.values(value.sources ?? {})) if ('lastOkAt' in s) s.lastOkAt = 'T';
  return JSON.stringify(value);
}

let fast: Side;
/** the start.mjs server's process */
let doorPid = 0;
let slow: Side;
let webId = '';
let otherId = '';

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await removeProject(PROJECT);
  await runReplica({ project: PROJECT, service: 'web', n: 1, command: ['sleep', '86400'] });
  await runReplica({ project: PROJECT, service: 'other', n: 1, command: ['sleep', '86400'] });
  const door: RunningServer = await startServer();
  const next = await startNextOnly();
  fast = { url: door.url, tokens: await mintTokens(door.url), stop: () => door.stop() };
  doorPid = door.pid;
  slow = { url: next.url, tokens: await mintTokens(next.url), stop: next };
  // Both inventories hold both services, running, before anything is compared.
  for (const side of [fast, slow]) {
    await expect
      .poll(
        async () => {
          const res = await fetch(`${side.url}/api/v1/services`, {
            headers: { authorization: `Bearer ${side.tokens.full}` },
          });
          const list = (await res.json()) as {
            services: { id: string; stack: string; name: string; status: string }[];
          };
          const ours = list.services.filter((s) => s.stack === PROJECT);
          webId = ours.find((s) => s.name === 'web')?.id ?? '';
          otherId = ours.find((s) => s.name === 'other')?.id ?? '';
          return ours.map((s) => `${s.name}:${s.status}`).sort();
        },
        { timeout: 30_000 },
      )
      .toEqual(['other:healthy', 'web:healthy']);
  }
});

test.afterAll(async () => {
  await Promise.all([fast?.stop(), slow?.stop()]);
  await removeProject(PROJECT);
});

type Who = keyof Tokens | 'none' | 'bad';

function credentials(side: Side, who: Who, id: string): Record<string, string> {
  const h: Record<string, string> = { 'x-request-id': id };
  if (who === 'bad') h.authorization = 'Bearer opsdeck_this-token-was-never-minted';
  else if (who !== 'none') h.authorization = `Bearer ${side.tokens[who]}`;
  return h;
}

/** The same request to both servers; the answers must agree (bytes compared as given). */
async function both(
  pathname: () => string,
  who: Who,
  extra: (side: Side) => Record<string, string> = () => ({}),
  body: (b: string) => string = (b) => b,
): Promise<Answer> {
  const id = `fd-${who}-${Math.random().toString(36).slice(2)}`;
  const [a, b] = await Promise.all(
    [fast, slow].map((side) => ask(side.url, pathname(), { ...credentials(side, who, id), ...extra(side) })),
  );
  const [x, y] = [a as Answer, b as Answer];
  expect(x.status, `${pathname()} as ${who}`).toBe(y.status);
  const { etag: etagA, ...restA } = x.headers;
  const { etag: etagB, ...restB } = y.headers;
  expect(restA, `${pathname()} as ${who}: headers`).toEqual(restB);
  expect(etagA === null, 'etag on one side only').toBe(etagB === null);
  expect(body(x.body), `${pathname()} as ${who}: bytes`).toBe(body(y.body));
  expect(x.headers['x-request-id']).toBe(id);
  return x;
}

test('a valid token: the same service, status, headers and bytes on both paths', async () => {
  const one = await both(() => `/api/v1/services/${webId}`, 'full');
  expect(one.status).toBe(200);
  expect((JSON.parse(one.body) as { name: string }).name).toBe('web');
  // The full list: the shared engine holds other helpers' services, which may change between the two
  // requests, so only status and headers are compared here (bytes below, with a limited token).
  const list = await both(
    () => '/api/v1/services',
    'full',
    () => ({}),
    () => '',
  );
  expect(list.status).toBe(200);
  expect(list.headers['cache-control']).toBe('private, no-cache');
});

test('a bad, missing or revoked token: the same 401 on both paths', async () => {
  for (const who of ['bad', 'none', 'revoked'] as const) {
    for (const p of [() => '/api/v1/services', () => `/api/v1/services/${webId}`]) {
      const answer = await both(p, who);
      expect(answer.status).toBe(401);
      expect((JSON.parse(answer.body) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
  }
});

test('a service-limited token: its list, the same bytes; another service hidden as 404', async () => {
  const list = await both(
    () => '/api/v1/services',
    'limited',
    () => ({}),
    sameClock,
  );
  expect(list.status).toBe(200);
  const names = (JSON.parse(list.body) as { services: { stack: string; name: string }[] }).services.map(
    (s) => `${s.stack}/${s.name}`,
  );
  expect(names).toEqual([`${PROJECT}/web`]);
  expect((await both(() => `/api/v1/services/${webId}`, 'limited')).status).toBe(200);
  const hidden = await both(() => `/api/v1/services/${otherId}`, 'limited');
  expect(hidden.status).toBe(404);
});

test('a token without the read scope: the same 403', async () => {
  for (const p of [() => '/api/v1/services', () => `/api/v1/services/${webId}`]) {
    const answer = await both(p, 'display');
    expect(answer.status).toBe(403);
    expect((JSON.parse(answer.body) as { error: { code: string } }).error.code).toBe('forbidden');
  }
});

test('an unknown service: the same 404', async () => {
  const unknown = Buffer.from(`local\u0000${PROJECT}\u0000no-such-service`).toString('base64url');
  const answer = await both(() => `/api/v1/services/${unknown}`, 'full');
  expect(answer.status).toBe(404);
  expect(answer.body).toContain(unknown);
  expect((await both(() => '/api/v1/services/not*an*id', 'full')).status).toBe(404);
});

test('If-None-Match with the current ETag: the same 304, no body', async () => {
  const etags = new Map<Side, string>();
  for (const side of [fast, slow]) {
    const res = await fetch(`${side.url}/api/v1/services`, {
      headers: { authorization: `Bearer ${side.tokens.limited}` },
    });
    etags.set(side, res.headers.get('etag') ?? '');
    expect(etags.get(side)).toMatch(/^"[\w-]{27}"$/);
  }
  const answer = await both(
    () => '/api/v1/services',
    'limited',
    (side) => ({ 'if-none-match': `W/${etags.get(side)}` }),
  );
  expect(answer.status).toBe(304);
  expect(answer.body).toBe('');
});

test('/api/health ignores a credential: the same 200 and bytes with a bad token or none', async () => {
  for (const who of ['bad', 'none'] as const) {
    const answer = await both(() => '/api/health', who);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ status: 'ok' });
    expect(answer.headers['cache-control']).toBe('no-store');
  }
});

/** The inode of the socket listening on `port` (IPv4), from /proc/net/tcp. */
function listeningInode(port: number): string {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const line of fs.readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[1]?.endsWith(`:${hexPort}`) && f[3] === '0A') return f[9] as string;
  }
  throw new Error(`nothing listens on port ${port}`);
}

/** One GET over a new connection of its own (Connection: close); resolves with the raw answer. */
function getOnNewConnection(port: number, token: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (c) => {
      answer += c.toString();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
    socket.write(
      `GET /api/v1/services HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`,
    );
  });
}

test('start.mjs listens on 65 descriptors of one socket and serves a burst of new connections through them', async () => {
  const port = Number(new URL(fast.url).port);
  const inode = listeningInode(port);
  const fdDir = `/proc/${doorPid}/fd`;
  const listening = fs.readdirSync(fdDir).filter((fd) => {
    try {
      return fs.readlinkSync(path.join(fdDir, fd)) === `socket:[${inode}]`;
    } catch {
      return false; // closed between the listing and the read
    }
  });
  // the socket Next listens on, and OPSDECK_ACCEPTORS' default of 64 more descriptors of it
  expect(listening).toHaveLength(65);

  // While the server is stopped, 120 connections complete their handshake in the kernel's queue
  // (backlog 4096) and send their request; once it runs again, each loop turn accepts one connection
  // per descriptor, so most of these come in through the extra ones. Every one must be answered as
  // any other is: through the front door (its headers), with the token checked.
  process.kill(doorPid, 'SIGSTOP');
  let answers: string[];
  try {
    const pending = Array.from({ length: 120 }, () => getOnNewConnection(port, fast.tokens.full));
    await new Promise((r) => setTimeout(r, 300)); // lets the handshakes happen while it is stopped
    process.kill(doorPid, 'SIGCONT');
    answers = await Promise.all(pending);
  } finally {
    process.kill(doorPid, 'SIGCONT');
  }
  for (const answer of answers) {
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer.toLowerCase()).toContain('x-content-type-options: nosniff');
    expect(answer).toContain('"services":');
  }
  expect(await getOnNewConnection(port, 'opsdeck_nope')).toMatch(/^HTTP\/1\.1 401 /);
});
