/**
 * Access behaviour through the real route handlers and store: bootstrap, login and its rate limit,
 * CSRF, scoped and service-limited tokens, trusted proxy auth, the audit chain, proxy.ts headers and
 * the wall token exchange.
 */
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { resetEnvCache } from '@/lib/config/env';
import type { RouteContext } from '@/lib/http/route';
import { tempDataDir } from '../support/engine';

process.env.OPSDECK_DATA_DIR = tempDataDir();
// What scripts/start.mjs makes per boot: with it, the stamped peer header is believed.
process.env.OPSDECK_PEER_SECRET = 'test-peer-secret-'.padEnd(43, 'x');
delete process.env.OPSDECK_ADMIN_PASSWORD;
delete process.env.OPSDECK_AUTH_PROXY_HEADER;
resetEnvCache();

const loginRoute = await import('@/app/api/v1/auth/login/route');
const meRoute = await import('@/app/api/v1/auth/me/route');
const logoutRoute = await import('@/app/api/v1/auth/logout/route');
const tokensRoute = await import('@/app/api/v1/tokens/route');
const usersRoute = await import('@/app/api/v1/users/route');
const auditRoute = await import('@/app/api/v1/audit/route');
const verifyRoute = await import('@/app/api/v1/audit/verify/route');
const { proxy } = await import('@/proxy');
const { handle } = await import('@/lib/http/route');
const { defineOperation } = await import('@/lib/contract/operation');
const { createToken } = await import('@/lib/auth/tokens');
const { createUser } = await import('@/lib/auth/users');
const { principalFromCookies } = await import('@/lib/auth/authenticate');
const { db } = await import('@/lib/store/db');
const { serviceIdOf: serviceId } = await import('@/lib/docker/ids');

type Handler = (request: Request, context: RouteContext) => Promise<Response>;
const ORIGIN = 'http://127.0.0.1:3999';
/** The headers scripts/start.mjs stamps on a request from `address`. */
const peer = (address: string) => ({
  'x-opsdeck-peer': address,
  'x-opsdeck-peer-secret': process.env.OPSDECK_PEER_SECRET ?? '',
});

interface Send {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  params?: Record<string, string>;
  path?: string;
}

async function send(handler: Handler, opts: Send = {}): Promise<Response> {
  const method = opts.method ?? (opts.body === undefined ? 'GET' : 'POST');
  return handler(
    new Request(new URL(opts.path ?? '/api/v1/x', ORIGIN), {
      method,
      headers: {
        ...peer('10.0.0.1'),
        ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...opts.headers,
      },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    }),
    { params: Promise.resolve(opts.params ?? {}) },
  );
}

const body = async <T>(res: Response) => (await res.json()) as T;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function loginAs(
  username: string,
  password: string,
  address = '10.0.0.1',
): Promise<Record<string, string>> {
  const res = await send(loginRoute.POST, {
    body: { username, password },
    headers: { origin: ORIGIN, ...peer(address) },
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('opsdeck_session='));
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
  return { cookie: (cookie ?? '').split(';')[0] ?? '', origin: ORIGIN };
}

describe('first start', () => {
  it('refuses to log anyone in without users or OPSDECK_ADMIN_PASSWORD, and says how to fix it', async () => {
    const res = await send(loginRoute.POST, { body: { username: 'admin', password: 'anything-at-all' } });
    expect(res.status).toBe(503);
    expect(await body(res)).toEqual({
      error: { code: 'unavailable', message: 'No users yet: set OPSDECK_ADMIN_PASSWORD and restart' },
    });
  });

  it('creates admin from OPSDECK_ADMIN_PASSWORD', async () => {
    process.env.OPSDECK_ADMIN_PASSWORD = 'first-admin-password';
    resetEnvCache();
    const headers = await loginAs('admin', 'first-admin-password');
    const me = await body<{ principal: { name: string; role: string } }>(
      await send(meRoute.GET, { headers }),
    );
    expect(me.principal).toMatchObject({ name: 'admin', role: 'admin' });
  });
});

describe('login', () => {
  beforeAll(async () => {
    await createUser({ username: 'rita', password: 'rita-password-1', role: 'viewer' });
  });

  it('answers 429 with Retry-After after 5 failures for one user from one address', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await send(loginRoute.POST, {
        body: { username: 'rita', password: `wrong-${i}` },
        headers: peer('10.1.0.1'),
      });
      expect(res.status).toBe(401);
    }
    const res = await send(loginRoute.POST, {
      body: { username: 'rita', password: 'rita-password-1' },
      headers: peer('10.1.0.1'),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await body<{ error: { code: string } }>(res)).error.code).toBe('rate_limited');
  });

  it('slows down one address spraying many usernames', async () => {
    for (let i = 0; i < 30; i++) {
      await send(loginRoute.POST, {
        body: { username: `spray-${i}`, password: 'guess-guess' },
        headers: peer('10.2.0.1'),
      });
    }
    const res = await send(loginRoute.POST, {
      body: { username: 'admin', password: 'first-admin-password' },
      headers: peer('10.2.0.1'),
    });
    expect(res.status).toBe(429);
  });

  it('refuses a login posted from a foreign origin', async () => {
    const res = await send(loginRoute.POST, {
      body: { username: 'admin', password: 'first-admin-password' },
      headers: { origin: 'https://evil.example', ...peer('10.3.0.1') },
    });
    expect(res.status).toBe(403);
  });

  it('logout ends the session', async () => {
    const headers = await loginAs('admin', 'first-admin-password', '10.3.0.2');
    expect((await send(logoutRoute.POST, { method: 'POST', headers })).status).toBe(200);
    expect((await send(meRoute.GET, { headers })).status).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated POST with a foreign or missing Origin; bearer needs none', async () => {
    const headers = await loginAs('admin', 'first-admin-password', '10.4.0.1');
    const mint = { name: 'csrf', scopes: ['read'] };
    const foreign = await send(tokensRoute.POST, {
      body: mint,
      headers: { ...headers, origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const { origin: _dropped, ...noOrigin } = headers;
    expect((await send(tokensRoute.POST, { body: mint, headers: noOrigin })).status).toBe(403);
    const sameSite = await send(tokensRoute.POST, {
      body: mint,
      headers: { ...noOrigin, 'sec-fetch-site': 'same-origin' },
    });
    expect(sameSite.status).toBe(201);
    expect((await send(tokensRoute.POST, { body: mint, headers })).status).toBe(201);
    const { token } = createToken({ name: 'script', scopes: ['admin'] });
    const viaBearer = await send(usersRoute.POST, {
      body: { username: 'bot-made', password: 'bot-made-password', role: 'viewer' },
      headers: { ...bearer(token), origin: 'https://elsewhere.example' },
    });
    expect(viaBearer.status).toBe(201);
  });
});

describe('tokens', () => {
  it('are minted once, listed without secrets, and only with scopes the user holds', async () => {
    const headers = await loginAs('rita', 'rita-password-1', '10.5.0.1').catch(async () => {
      // rita was rate-limited above; a fresh viewer does the same job.
      await createUser({ username: 'vera', password: 'vera-password-1', role: 'viewer' });
      return loginAs('vera', 'vera-password-1', '10.5.0.2');
    });
    const denied = await send(tokensRoute.POST, { body: { name: 'x', scopes: ['operate'] }, headers });
    expect(denied.status).toBe(403);
    const res = await send(tokensRoute.POST, { body: { name: 'tv', scopes: ['display'] }, headers });
    expect(res.status).toBe(201);
    const minted = await body<{ id: string; token: string }>(res);
    expect(minted.token).toMatch(/^opsdeck_/);
    const listed = await send(tokensRoute.GET, { headers });
    const text = await listed.text();
    expect(text).toContain(minted.id);
    expect(text).not.toContain(minted.token);
    const stored = db().prepare('SELECT secret_hash FROM tokens WHERE id = ?').get(minted.id) as {
      secret_hash: string;
    };
    expect(stored.secret_hash).not.toContain(minted.token);
  });

  it('limited to one service: acts on it and not on another', async () => {
    // A write names its service by id: the limit is checked on the decoded id, nothing looked up.
    const restart = handle(
      defineOperation({
        method: 'POST',
        path: '/api/v1/test/{id}/restart',
        name: 'test.restart',
        permission: 'operate',
        tag: 'test',
        summary: 'test',
        params: z.object({ id: z.string() }),
        audit: 'test.restart',
        resolve: { names: 'service', field: 'id' },
      }),
      async () => ({ ok: true }),
    );
    const { token } = createToken({
      name: 'worker-only',
      scopes: ['operate'],
      services: ['analytics/worker'],
    });
    const worker = serviceId('local', 'analytics', 'worker');
    const other = serviceId('local', 'analytics', 'api');
    const post = (id: string) => send(restart, { method: 'POST', params: { id }, headers: bearer(token) });
    expect((await post(worker)).status).toBe(200);
    expect((await post(other)).status).toBe(403);
    const stackToken = createToken({ name: 'stack', scopes: ['operate'], services: ['analytics'] }).token;
    const postStack = (id: string) =>
      send(restart, { method: 'POST', params: { id }, headers: bearer(stackToken) });
    expect((await postStack(other)).status).toBe(200);
    expect((await postStack(serviceId('local', 'billing', 'api'))).status).toBe(403);
  });
});

describe('trusted proxy auth', () => {
  afterAll(() => {
    delete process.env.OPSDECK_AUTH_PROXY_HEADER;
    delete process.env.OPSDECK_AUTH_PROXY_ADDRESSES;
    resetEnvCache();
  });

  it('believes the header only from an allow-listed peer', async () => {
    process.env.OPSDECK_AUTH_PROXY_HEADER = 'x-remote-user';
    process.env.OPSDECK_AUTH_PROXY_ADDRESSES = '127.0.0.1';
    resetEnvCache();
    const fromProxy = await send(meRoute.GET, {
      headers: { 'x-remote-user': 'admin', ...peer('127.0.0.1') },
    });
    expect(fromProxy.status).toBe(200);
    expect((await body<{ principal: { kind: string; role: string } }>(fromProxy)).principal).toMatchObject({
      kind: 'proxy',
      role: 'admin',
    });
    const spoofed = await send(meRoute.GET, {
      headers: { 'x-remote-user': 'admin', ...peer('10.6.0.1') },
    });
    expect(spoofed.status).toBe(401);
    const noPeer = await send(meRoute.GET, {
      headers: { 'x-remote-user': 'admin', 'x-forwarded-for': '127.0.0.1' },
    });
    expect(noPeer.status).toBe(401);
    // A client talking to a server not started by scripts/start.mjs can send the peer header itself:
    // without the per-boot secret it is not believed.
    const forgedPeer = await send(meRoute.GET, {
      headers: {
        'x-remote-user': 'admin',
        'x-opsdeck-peer': '127.0.0.1',
        'x-opsdeck-peer-secret': 'guessed',
      },
    });
    expect(forgedPeer.status).toBe(401);
    // Names match exactly: the proxy's `ADMIN` is not the local (case-insensitively unique) `admin`.
    const otherCase = await send(meRoute.GET, {
      headers: { 'x-remote-user': 'ADMIN', ...peer('127.0.0.1') },
    });
    expect(otherCase.status).toBe(401);
  });
});

describe('audit log', () => {
  let admin: Record<string, string>;
  beforeAll(async () => {
    admin = await loginAs('admin', 'first-admin-password', '10.7.0.1');
  });

  it('records logins and mutations with secrets redacted', async () => {
    await send(usersRoute.POST, {
      body: { username: 'audited', password: 'super-secret-pw', role: 'operator' },
      headers: admin,
    });
    const res = await send(auditRoute.GET, {
      headers: admin,
      path: '/api/v1/audit?action=users.create&limit=5',
    });
    const page = await body<{
      entries: { actor: string; params: unknown; result: string; address: string }[];
    }>(res);
    const entry = page.entries[0];
    expect(entry).toMatchObject({ actor: 'admin', actorKind: 'user', result: 'ok', address: '10.0.0.1' });
    expect(JSON.stringify(entry?.params)).not.toContain('super-secret-pw');
    expect(JSON.stringify(entry?.params)).toContain('[redacted]');
    const logins = await body<{ entries: { actor: string; result: string }[] }>(
      await send(auditRoute.GET, { headers: admin, path: '/api/v1/audit?action=auth.login&actor=rita' }),
    );
    expect(logins.entries.map((e) => e.result)).toEqual(expect.arrayContaining(['error:401', 'error:429']));
  });

  it('a service-limited token reads the entries of its services only', async () => {
    const worker = serviceId('local', 'analytics', 'worker');
    const other = serviceId('local', 'analytics', 'api');
    const all = await body<{ entries: { serviceId: string | null }[] }>(
      await send(auditRoute.GET, { headers: admin, path: '/api/v1/audit?action=test.restart&limit=100' }),
    );
    // the restarts of the limited-token tests above: on the worker, refused on the api, and more
    const seen = new Set(all.entries.map((e) => e.serviceId));
    expect(seen.has(worker) && seen.has(other)).toBe(true);
    const { token } = createToken({ name: 'auditor', scopes: ['admin'], services: ['analytics/worker'] });
    const limited = await body<{ entries: { serviceId: string | null; action: string }[] }>(
      await send(auditRoute.GET, { headers: bearer(token), path: '/api/v1/audit?limit=500' }),
    );
    expect(limited.entries.length).toBeGreaterThan(0);
    expect(limited.entries.every((e) => e.serviceId === worker)).toBe(true);
    // users and logins are about no service: not the limited token's business
    expect(limited.entries.some((e) => e.action.startsWith('users.') || e.action.startsWith('auth.'))).toBe(
      false,
    );
  });

  it('verifies, and finds a tampered row', async () => {
    const good = await body<{ ok: boolean; entries: number }>(
      await send(verifyRoute.GET, { headers: admin }),
    );
    expect(good.ok).toBe(true);
    expect(good.entries).toBeGreaterThan(10);
    db().prepare("UPDATE audit_log SET result = 'ok' WHERE seq = 3").run();
    const bad = await body<{ ok: boolean; firstBadSeq: number }>(
      await send(verifyRoute.GET, { headers: admin }),
    );
    expect(bad).toMatchObject({ ok: false, firstBadSeq: 3 });
  });
});

describe('proxy.ts: headers and the wall', () => {
  const run = (url: string, headers: Record<string, string> = {}) =>
    proxy(new NextRequest(new URL(url, ORIGIN), { headers }));
  /** Next makes the Location absolute (and may spell the host differently); the path is what matters. */
  const location = (res: Response) => {
    const url = new URL(res.headers.get('location') ?? '', ORIGIN);
    return `${url.pathname}${url.search}`;
  };

  it('sets a nonce CSP without inline script and the other security headers on pages', () => {
    const res = run('/', { cookie: 'opsdeck_session=x' });
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
  });

  it('sends a page request without any credential to /login', () => {
    const res = run('/services/abc?tab=logs');
    expect(res.status).toBe(303);
    expect(location(res)).toBe('/login?next=%2Fservices%2Fabc%3Ftab%3Dlogs');
    // /wall goes to the connect page, which takes `#token=…` from the fragment or goes on to /login.
    expect(location(run('/wall'))).toBe('/wall/connect');
  });

  it('no longer takes a token from /wall?token= (it lands in access logs): no cookie, a pointer instead', () => {
    const { token } = createToken({ name: 'tv', scopes: ['display'] });
    const res = run(`/wall?token=${token}&theme=dark`);
    expect(res.status).toBe(303);
    expect(location(res)).toBe('/wall/connect?reason=url-token');
    expect(res.headers.getSetCookie().join()).not.toContain(token);
    expect(principalFromCookies(`opsdeck_wall=${token}`)).toMatchObject({
      kind: 'token',
      scopes: ['display'],
    });
  });

  it('cuts a wall cookie down to the display scope whatever the token holds', () => {
    const { token } = createToken({ name: 'too-strong', scopes: ['admin', 'display'] });
    expect(principalFromCookies(`opsdeck_wall=${token}`)?.scopes).toEqual(['display']);
    const noDisplay = createToken({ name: 'no-display', scopes: ['admin'] }).token;
    expect(principalFromCookies(`opsdeck_wall=${noDisplay}`)).toBeNull();
  });

  it('lets the wall be framed only where configured', () => {
    process.env.OPSDECK_WALL_FRAME_ANCESTORS = "https://tv.example.com; script-src 'unsafe-inline'";
    try {
      const csp = run('/wall', { cookie: 'opsdeck_wall=x' }).headers.get('content-security-policy') ?? '';
      expect(csp).toContain('frame-ancestors https://tv.example.com');
      expect(csp).not.toContain("unsafe-inline''");
      expect(csp.match(/script-src/g)).toHaveLength(1);
      const console = run('/', { cookie: 'opsdeck_session=x' }).headers.get('content-security-policy') ?? '';
      expect(console).toContain("frame-ancestors 'none'");
    } finally {
      delete process.env.OPSDECK_WALL_FRAME_ANCESTORS;
    }
  });
});
