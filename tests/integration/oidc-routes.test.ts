/**
 * The single sign-on routes served in-process, around what the browser test (e2e/oidc.spec.ts) cannot
 * easily make happen: a provider that is down (a real closed port, not a mock) must give the login
 * page's "unavailable" message while the local login keeps working; a callback with no flow is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import type { RouteContext } from '@/lib/http/route';
import { tempDataDir } from '../support/engine';

type Handler = (request: Request, context: RouteContext) => Promise<Response>;
const ORIGIN = 'http://127.0.0.1:3998';
const ctx: RouteContext = { params: Promise.resolve({}) };
let closedPort: number;

beforeAll(async () => {
  const net = await import('node:net');
  // a port that was free a moment ago and that nothing listens on: connections are refused at once
  closedPort = await new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
  process.env.OPSDECK_DATA_DIR = tempDataDir();
  process.env.OPSDECK_ADMIN_PASSWORD = 'oidc-routes-admin-password';
  process.env.OPSDECK_PUBLIC_URL = ORIGIN;
  process.env.OPSDECK_OIDC_ISSUER = `http://127.0.0.1:${closedPort}`;
  process.env.OPSDECK_OIDC_ALLOW_HTTP = 'true';
  process.env.OPSDECK_OIDC_CLIENT_ID = 'opsdeck';
  process.env.OPSDECK_OIDC_ROLE_MAP = 'ops=operator';
  resetEnvCache();
});

afterAll(() => {
  for (const k of Object.keys(process.env)) if (k.startsWith('OPSDECK_OIDC_')) delete process.env[k];
  delete process.env.OPSDECK_PUBLIC_URL;
  resetEnvCache();
});

const routes = {
  'oidc/login': () => import('@/app/api/v1/auth/oidc/login/route'),
  'oidc/callback': () => import('@/app/api/v1/auth/oidc/callback/route'),
  login: () => import('@/app/api/v1/auth/login/route'),
};
const route = async (p: keyof typeof routes) => (await routes[p]()) as Record<string, Handler>;

describe('single sign-on routes', () => {
  it('sends the browser back to the login page when the provider is down; local login still works', async () => {
    const { GET } = await route('oidc/login');
    const res = await GET?.(new Request(`${ORIGIN}/api/v1/auth/oidc/login?next=%2Falerts`), ctx);
    expect(res?.status).toBe(303);
    expect(res?.headers.get('location')).toBe('/login?sso=unavailable&next=%2Falerts');
    expect(res?.headers.get('set-cookie')).toMatch(/^opsdeck_oidc=; Path=\/api\/v1\/auth\/oidc;.*Max-Age=0/);

    const { POST } = await route('login');
    const local = await POST?.(
      new Request(`${ORIGIN}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN },
        body: JSON.stringify({ username: 'admin', password: 'oidc-routes-admin-password' }),
      }),
      ctx,
    );
    expect(local?.status).toBe(200);
  });

  it('refuses a callback that carries no flow cookie, before asking the provider anything', async () => {
    const { GET } = await route('oidc/callback');
    const res = await GET?.(new Request(`${ORIGIN}/api/v1/auth/oidc/callback?code=c&state=s`), ctx);
    expect(res?.status).toBe(303);
    expect(res?.headers.get('location')).toBe('/login?sso=expired');
    expect(res?.headers.get('set-cookie')).not.toMatch(/opsdeck_session=[^;]/);
  });
});
