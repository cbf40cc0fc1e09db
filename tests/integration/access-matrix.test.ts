/**
 * The permission matrix: every operation declared in lib/contract (so every API route, including
 * routes added later) × {no auth, display, viewer/read, operator/operate, admin}, as user sessions and
 * as API tokens. Each call sends the operation's harmless `example`: an allowed caller must get exactly
 * the status declared beside it (`example.expect`, else the operation's success status), a refused one
 * exactly 401 or 403. The operations must be exactly the route methods under app/api.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role, Scope } from '@/lib/auth/types';
import { resetEnvCache } from '@/lib/config/env';
import type { Operation } from '@/lib/contract';
import type { RouteContext } from '@/lib/http/route';
import { tempDataDir } from '../support/engine';

process.env.OPSDECK_DATA_DIR = tempDataDir();
process.env.OPSDECK_ADMIN_PASSWORD = 'matrix-admin-password';
resetEnvCache();

const { operations } = await import('@/lib/contract');
const { createToken } = await import('@/lib/auth/tokens');
const { createUser } = await import('@/lib/auth/users');
const { createSession } = await import('@/lib/auth/sessions');
const { SESSION_COOKIE } = await import('@/lib/auth/cookies');

type Handler = (request: Request, context: RouteContext) => Promise<Response>;
type Level = 'none' | 'display' | 'read' | 'operate' | 'admin';
const ORIGIN = 'http://127.0.0.1:3999';

interface Caller {
  label: string;
  level: Level;
  kind: 'none' | 'user' | 'token';
  headers: () => Record<string, string>;
}

const callers: Caller[] = [];
const userIds = new Map<Role, string>();

beforeAll(async () => {
  const levels: [Role, Scope][] = [
    ['viewer', 'read'],
    ['operator', 'operate'],
    ['admin', 'admin'],
  ];
  for (const [role] of levels) {
    const user = await createUser({ username: `matrix-${role}`, password: `${role}-password-1`, role });
    userIds.set(role, user.id);
  }
  callers.push({ label: 'no auth', level: 'none', kind: 'none', headers: () => ({}) });
  const display = createToken({ name: 'matrix-display', scopes: ['display'] }).token;
  callers.push({ label: 'display token', level: 'display', kind: 'token', headers: () => bearer(display) });
  for (const [role, scope] of levels) {
    const token = createToken({ name: `matrix-${scope}`, scopes: [scope] }).token;
    callers.push({
      label: `${scope} token`,
      level: scope as Level,
      kind: 'token',
      headers: () => bearer(token),
    });
    // A fresh session per call: logout in the walk must not end the session the next call uses.
    callers.push({
      label: `${role} session`,
      level: scope as Level,
      kind: 'user',
      headers: () => ({
        cookie: `${SESSION_COOKIE}=${createSession(userIds.get(role) ?? '').id}`,
        origin: ORIGIN,
      }),
    });
  }
});

afterAll(async () => {
  const inventory = await import('@/lib/docker/inventory').catch(() => null);
  const stop = (inventory as { stopInventory?: () => unknown } | null)?.stopInventory;
  await stop?.();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const rank: Record<Level, number> = { none: 0, display: 1, read: 2, operate: 3, admin: 4 };

/**
 * Where this test's environment changes the declared outcome: no Alertmanager is configured here, so
 * an allowed caller's silence removal is refused as 503 "not configured" before the silence is looked up.
 */
const IN_THIS_ENV: Record<string, number> = { 'DELETE /api/v1/silences/{id}': 503 };

/** The exact status the caller must get: the example's declared outcome, or the refusal. */
function expected(op: Operation, caller: Caller): number {
  const allowed = IN_THIS_ENV[`${op.method} ${op.path}`] ?? op.example?.expect ?? op.status ?? 200;
  if (op.permission === 'public') return allowed;
  if (caller.level === 'none') return 401;
  if (op.usersOnly && caller.kind === 'token') return 403;
  // `exec` stands apart from the ladder: admin users hold it (OPSDECK_EXEC_ROLES defaults to admin);
  // no token here was minted with it, and no other scope implies it, the admin scope included.
  if (op.permission === 'exec') return caller.kind === 'user' && caller.level === 'admin' ? allowed : 403;
  const needs: Record<Exclude<Operation['permission'], 'public'>, number> = {
    authenticated: rank.display,
    wall: rank.display,
    read: rank.read,
    operate: rank.operate,
    admin: rank.admin,
    exec: rank.admin,
  };
  return rank[caller.level] >= needs[op.permission] ? allowed : 403;
}

/** Every `export const GET/POST/…` (or `export [async] function GET`) of every route.ts under app/api, as "METHOD /api/v1/…" (OpenAPI form). */
function routeMethods(): string[] {
  const apiRoot = path.resolve(__dirname, '../../app');
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'route.ts') {
        const apiPath = `/${path.relative(apiRoot, dir).split(path.sep).join('/')}`.replace(
          /\[([^\]]+)\]/g,
          '{$1}',
        );
        for (const m of fs
          .readFileSync(full, 'utf8')
          .matchAll(/export (?:const|(?:async )?function) (GET|POST|PUT|PATCH|DELETE)\b/g))
          found.push(`${m[1]} ${apiPath}`);
      }
    }
  };
  walk(path.join(apiRoot, 'api'));
  return found.sort();
}

function routeFile(apiPath: string): string {
  const segments = apiPath
    .split('/')
    .filter(Boolean)
    .map((s) => s.replace(/^\{(.+)\}$/, '[$1]'));
  return path.resolve(__dirname, '../../app', ...segments, 'route.ts');
}

function fillPath(op: Operation): { url: URL; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const filled = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const value = op.example?.params?.[name] ?? 'matrix-unknown';
    params[name] = value;
    return encodeURIComponent(value);
  });
  const url = new URL(filled, ORIGIN);
  for (const [k, v] of Object.entries(op.example?.query ?? {})) url.searchParams.set(k, v);
  return { url, params };
}

async function send(op: Operation, caller: Caller): Promise<number> {
  const mod = (await import(routeFile(op.path))) as Record<string, Handler | undefined>;
  const handler = mod[op.method];
  if (!handler) throw new Error(`${routeFile(op.path)} exports no ${op.method}`);
  const { url, params } = fillPath(op);
  const hasBody = op.method !== 'GET' && op.method !== 'DELETE';
  const abort = new AbortController();
  const response = await handler(
    new Request(url, {
      method: op.method,
      headers: {
        ...caller.headers(),
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
        'x-forwarded-for': '10.9.9.9',
      },
      body: hasBody ? JSON.stringify(op.example?.body ?? {}) : undefined,
      signal: abort.signal,
    }),
    { params: Promise.resolve(params) },
  );
  // Streams never end on their own: the status is all this test needs.
  abort.abort();
  await response.body?.cancel().catch(() => undefined);
  return response.status;
}

describe('permission matrix', () => {
  it('covers exactly the route methods under app/api', () => {
    const declared = operations.map((op) => `${op.method} ${op.path}`);
    // Probes and the scrape endpoint live outside /api/v1 and the contract; listed so a new one fails here.
    const outside = ['GET /api/health', 'GET /api/metrics', 'GET /api/ready'];
    expect([...declared, ...outside].sort().join('\n')).toBe(routeMethods().join('\n'));
    expect(declared.length).toBe(73);
  });

  it.each(operations.map((op) => [`${op.method} ${op.path}`, op] as const))('%s', async (_label, op) => {
    const wrong: string[] = [];
    for (const caller of callers) {
      const status = await send(op, caller);
      const want = expected(op, caller);
      if (status !== want) wrong.push(`${caller.label}: got ${status}, expected ${want}`);
    }
    // One string, so the report shows every caller's outcome (vitest abbreviates long arrays).
    expect(wrong.join('\n')).toBe('');
  });
});
