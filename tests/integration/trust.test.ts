/**
 * Request and auth hardening through the real route handlers and store: the login slow-down behind a
 * trusted reverse proxy and under concurrency, the keyed audit chain (old rows, forgeries, truncation,
 * the published head), token actors, sessions' absolute lifetime and `__Host-` cookie, and the wall
 * token exchange by POST.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import type { RouteContext } from '@/lib/http/route';
import { tempDataDir } from '../support/engine';

process.env.OPSDECK_DATA_DIR = tempDataDir();
process.env.OPSDECK_PEER_SECRET = 'trust-peer-secret-'.padEnd(43, 'y');
process.env.OPSDECK_TRUSTED_PROXIES = '172.30.0.1';
process.env.OPSDECK_ADMIN_PASSWORD = 'trust-admin-password';
process.env.OPSDECK_SESSION_MAX_HOURS = '1';
resetEnvCache();

const loginRoute = await import('@/app/api/v1/auth/login/route');
const meRoute = await import('@/app/api/v1/auth/me/route');
const tokensRoute = await import('@/app/api/v1/tokens/route');
const auditRoute = await import('@/app/api/v1/audit/route');
const verifyRoute = await import('@/app/api/v1/audit/verify/route');
const wallRoute = await import('@/app/api/v1/wall/session/route');
const metricsRoute = await import('@/app/api/metrics/route');
const { createUser } = await import('@/lib/auth/users');
const { createToken } = await import('@/lib/auth/tokens');
const { createSession, principalForSession } = await import('@/lib/auth/sessions');
const { db } = await import('@/lib/store/db');

type Handler = (request: Request, context: RouteContext) => Promise<Response>;
const ORIGIN = 'http://127.0.0.1:3998';
const peer = (address: string) => ({
  'x-opsdeck-peer': address,
  'x-opsdeck-peer-secret': process.env.OPSDECK_PEER_SECRET ?? '',
});
/** A request as it arrives through the trusted reverse proxy for the client `client`. */
const viaProxy = (client: string) => ({ ...peer('172.30.0.1'), 'x-forwarded-for': client });

async function send(
  handler: Handler,
  opts: { body?: unknown; headers?: Record<string, string>; path?: string; url?: string } = {},
) {
  const method = opts.body === undefined ? 'GET' : 'POST';
  return handler(
    new Request(new URL(opts.path ?? '/api/v1/x', opts.url ?? ORIGIN), {
      method,
      headers: {
        ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...opts.headers,
      },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    }),
    { params: Promise.resolve({}) },
  );
}
const login = (username: string, password: string, headers: Record<string, string>) =>
  send(loginRoute.POST, { body: { username, password }, headers });
const json = async <T>(res: Response) => (await res.json()) as T;

let adminCookie: Record<string, string>;

beforeAll(async () => {
  // admin first: it is created from OPSDECK_ADMIN_PASSWORD only while there are no users
  const res = await login('admin', 'trust-admin-password', peer('10.50.0.1'));
  await createUser({ username: 'pat', password: 'pat-password-123', role: 'operator' });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('opsdeck_session='));
  adminCookie = { cookie: (cookie ?? '').split(';')[0] ?? '', origin: ORIGIN };
});

describe('login behind a trusted reverse proxy', () => {
  it('counts each client by its forwarded address: one guesser does not lock out the others', async () => {
    for (let i = 0; i < 8; i++) {
      const res = await login('pat', `wrong-${i}`, viaProxy('198.51.100.7'));
      expect(res.status).toBe(i < 5 ? 401 : 429);
    }
    // Every user shares the proxy's TCP address; the real user comes from elsewhere and gets in.
    expect((await login('pat', 'pat-password-123', viaProxy('198.51.100.8'))).status).toBe(200);
    // A client cannot pick its address: its own X-Forwarded-For entries are left of the proxy's.
    const spoofed = await login('pat', 'wrong', viaProxy('203.0.113.1, 198.51.100.7'));
    expect(spoofed.status).toBe(429);
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    for (let i = 0; i < 5; i++)
      await login('pat', `bad-${i}`, { ...peer('10.60.0.1'), 'x-forwarded-for': `192.0.2.${i}` });
    expect(
      (await login('pat', 'bad', { ...peer('10.60.0.1'), 'x-forwarded-for': '192.0.2.99' })).status,
    ).toBe(429);
  });

  it('checks at most the free attempts of 50 concurrent guesses', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => login('admin', `guess-${i}`, viaProxy('198.51.100.66'))),
    ).then((all) => all.map((r) => r.status));
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(45);
  });
});

describe('keyed audit chain', () => {
  it('records a token as token:<id> with its creator, never its free-form name', async () => {
    const res = await send(tokensRoute.POST, {
      body: { name: 'admin', scopes: ['read'] },
      headers: adminCookie,
    });
    expect(res.status).toBe(201);
    const { token, id } = await json<{ token: string; id: string }>(res);
    const creator = db().prepare("SELECT id FROM users WHERE username = 'admin'").get() as { id: string };
    // a token named `admin` minting another token: the entry must not read as the user admin
    const minted = await send(tokensRoute.POST, {
      body: { name: 'child', scopes: ['read'] },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(minted.status).toBe(403);
    const page = await json<{ entries: { actor: string; actorKind: string; onBehalfOf: string | null }[] }>(
      await send(auditRoute.GET, {
        headers: adminCookie,
        path: '/api/v1/audit?action=tokens.create&limit=1',
      }),
    );
    expect(page.entries[0]).toMatchObject({
      actor: `token:${id}`,
      actorKind: 'token',
      onBehalfOf: creator.id,
    });
  });

  it('does not grow on unauthenticated 401s', async () => {
    const count = () => (db().prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
    const before = count();
    for (let i = 0; i < 20; i++) {
      const res = await send(tokensRoute.POST, { body: { name: 'x', scopes: ['read'] } });
      expect(res.status).toBe(401);
    }
    expect(count()).toBe(before);
  });

  it('publishes its head: a log-independent metric that goes back when the newest rows are deleted', async () => {
    const verify = async () =>
      json<{ ok: boolean; headSeq: number; headHash: string; firstBadSeq?: number }>(
        await send(verifyRoute.GET, { headers: adminCookie }),
      );
    const metric = async () => {
      const text = await (await send(metricsRoute.GET)).text();
      return Number(/^opsdeck_audit_head_seq (\d+)$/m.exec(text)?.[1]);
    };
    const before = await verify();
    expect(before.ok).toBe(true);
    expect(await metric()).toBe(before.headSeq);
    db().prepare('DELETE FROM audit_log WHERE seq = ?').run(before.headSeq);
    const after = await verify();
    // The shorter chain is valid: only the published head (metric, log line) shows the loss.
    expect(after.ok).toBe(true);
    expect(await metric()).toBe(before.headSeq - 1);
  });

  it('cannot be recomputed without the key: a row rewritten with plain sha256 is found', async () => {
    const last = db().prepare('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1').get() as Record<
      string,
      unknown
    >;
    const forged: Record<string, unknown> = { ...last, result: 'ok', mac: 0 };
    const canonical = JSON.stringify(
      ['seq', 'at', 'actor', 'actor_kind', 'address', 'action', 'target', 'service_id', 'params', 'result']
        .concat(['request_id', 'prev_hash'])
        .map((k) => forged[k]),
    );
    const hash = createHash('sha256').update(canonical).digest('hex');
    db()
      .prepare('UPDATE audit_log SET result = ?, mac = 0, hash = ? WHERE seq = ?')
      .run('ok', hash, last.seq);
    const res = await json<{ ok: boolean; firstBadSeq: number }>(
      await send(verifyRoute.GET, { headers: adminCookie }),
    );
    expect(res).toMatchObject({ ok: false, firstBadSeq: last.seq });
  });
});

describe('sessions', () => {
  it('end at OPSDECK_SESSION_MAX_HOURS after login however active', () => {
    const user = db().prepare("SELECT id FROM users WHERE username = 'pat'").get() as { id: string };
    const start = new Date();
    const session = createSession(user.id, start);
    let t = start.getTime();
    // used every 10 minutes: the sliding expiry alone would keep it forever
    for (let i = 0; i < 5; i++) {
      t += 10 * 60_000;
      expect(principalForSession(session.id, new Date(t))).not.toBeNull();
    }
    expect(principalForSession(session.id, new Date(start.getTime() + 60 * 60_000 + 1))).toBeNull();
  });

  it('use a __Host- cookie over HTTPS (as a trusted proxy says; anyone else saying it is ignored)', async () => {
    const claimed = await login('pat', 'pat-password-123', {
      ...peer('10.70.0.1'),
      'x-forwarded-proto': 'https',
    });
    expect(claimed.status).toBe(200);
    expect(claimed.headers.getSetCookie().some((c) => c.startsWith('__Host-'))).toBe(false);
    const res = await login('pat', 'pat-password-123', {
      ...viaProxy('10.70.0.1'),
      'x-forwarded-proto': 'https',
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-opsdeck_session=')) ?? '';
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
    const me = await send(meRoute.GET, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(me.status).toBe(200);
  });
});

describe('wall token exchange', () => {
  it('takes the display token in a POST body and sets the HttpOnly wall cookie', async () => {
    const { token } = createToken({ name: 'tv', scopes: ['display'] });
    const res = await send(wallRoute.POST, {
      body: { token },
      headers: { origin: ORIGIN, ...peer('10.80.0.1') },
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('opsdeck_wall=')) ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toContain(token);
    const bad = await send(wallRoute.POST, {
      body: { token: createToken({ name: 'no-display', scopes: ['read'] }).token },
      headers: { origin: ORIGIN },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.getSetCookie()).toEqual([]);
    const foreign = await send(wallRoute.POST, {
      body: { token },
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
  });
});
