/**
 * A bad-input corpus over every operation declared in lib/contract (so routes added later are covered
 * too): path tricks, wrong types, huge numbers, unicode and control characters, missing and extra
 * fields, wrong content types, malformed JSON, oversized and chunked bodies — as an admin session, so
 * the input reaches the parsers rather than stopping at 401/403. Nothing may answer ≥ 500, every error
 * is the `{error:{code,message}}` envelope, and the server still answers afterwards. The examples'
 * ids are unknown ones, so nothing real is touched. (Real HTTP through scripts/start.mjs, with
 * chunked bodies on the wire: e2e/bad-input-http.spec.ts.)
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { resetEnvCache } from '@/lib/config/env';
import type { Operation } from '@/lib/contract';
import type { RouteContext } from '@/lib/http/route';
import { tempDataDir } from '../support/engine';

process.env.OPSDECK_DATA_DIR = tempDataDir();
process.env.OPSDECK_ADMIN_PASSWORD = 'bad-input-admin-password';
resetEnvCache();

const { operations, ops } = await import('@/lib/contract');
const { createUser } = await import('@/lib/auth/users');
const { createSession } = await import('@/lib/auth/sessions');
const { SESSION_COOKIE } = await import('@/lib/auth/cookies');

type Handler = (request: Request, context: RouteContext) => Promise<Response>;
const ORIGIN = 'http://127.0.0.1:3997';
const MiB = 1024 * 1024;
let userId = '';

beforeAll(async () => {
  userId = (await createUser({ username: 'fuzz-admin', password: 'fuzz-admin-password', role: 'admin' })).id;
});

afterAll(async () => {
  const { stopInventory } = await import('@/lib/docker/inventory');
  await stopInventory();
});

/** Path segment values: traversal, encodings, sizes, types, unicode, control characters, injection. */
const PATH_VALUES = [
  '..',
  '../../etc/passwd',
  '%2e%2e%2f%2e%2e',
  '%00',
  '\u0000',
  'a'.repeat(10_000),
  '-1',
  '1e309',
  '99999999999999999999999',
  'NaN',
  ' ',
  '😀\u202e\uFFFF',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '{id}',
  '%',
  'local:',
  ':::',
];

/** Query values (each sent for every declared key, and under an undeclared one). */
const QUERY_VALUES = [
  '',
  'x'.repeat(100_000),
  '-1',
  '1e309',
  '99999999999999999999',
  'NaN',
  '[]',
  '{"a":1}',
  '\u0000',
  '😀',
  '../..',
  '(.|.)*ZZZ',
  '((((',
  '\\',
  'true',
  '2026-13-45T99:99:99Z',
];

/** Field values that are wrong for most fields: types, sizes, shapes. */
const FIELD_VALUES: unknown[] = [
  null,
  -1,
  2 ** 53 + 1,
  1e308,
  0.5,
  '',
  'x'.repeat(200_000),
  '😀\u0000\u202e',
  '../../etc/passwd',
  [],
  {},
  true,
  { __proto__: { admin: true } },
  Array.from({ length: 10_000 }, () => 'a'),
];

/** Raw bodies with their content types. */
const RAW_BODIES: [string | undefined, string | Uint8Array][] = [
  ['application/json', '{'],
  ['application/json', '{"a":1}garbage'],
  ['application/json', '[]'],
  ['application/json', 'null'],
  ['application/json', '"str"'],
  ['application/json', '1e400'],
  ['application/json', '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'],
  ['application/json', '['.repeat(100_000)],
  ['application/json', new Uint8Array([0x7b, 0xc3, 0x28, 0x7d])],
  ['application/json', '\uFEFF{}'],
  ['text/plain', '{}'],
  ['application/x-www-form-urlencoded', 'a=1&b=2'],
  ['multipart/form-data; boundary=x', '--x\r\n\r\n--x--'],
  ['application/xml', '<a/>'],
  [undefined, '{}'],
  ['application/json', `{"a":"${'x'.repeat(2 * MiB)}"}`],
];

function routeFile(apiPath: string): string {
  const segments = apiPath
    .split('/')
    .filter(Boolean)
    .map((s) => s.replace(/^\{(.+)\}$/, '[$1]'));
  return path.resolve(__dirname, '../../app', ...segments, 'route.ts');
}

/** The object shape behind a schema (through transforms), for its field names. */
function keysOf(schema: unknown, example: unknown): string[] {
  let s = schema as
    | { shape?: Record<string, unknown>; in?: unknown; def?: { innerType?: unknown } }
    | undefined;
  for (let i = 0; i < 5 && s && !s.shape; i++) s = (s.in ?? s.def?.innerType) as typeof s;
  const keys = new Set(Object.keys(s?.shape ?? {}));
  if (example && typeof example === 'object') for (const k of Object.keys(example)) keys.add(k);
  return [...keys];
}

interface Attempt {
  label: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: { type: string | undefined; data: BodyInit };
}

/** Every bad-input variant of one operation, around its harmless example. */
function corpus(op: Operation): Attempt[] {
  const out: Attempt[] = [];
  const params = { ...(op.example?.params ?? {}) };
  for (const name of keysOf(op.params, params))
    for (const v of PATH_VALUES)
      out.push({ label: `path ${name}=${v.slice(0, 20)}`, params: { ...params, [name]: v } });
  const query = { ...(op.example?.query ?? {}) };
  for (const name of [...keysOf(op.query, query), 'unexpected'])
    for (const v of QUERY_VALUES)
      out.push({ label: `query ${name}=${v.slice(0, 20)}`, query: { ...query, [name]: v } });
  if (op.method === 'GET') return out;
  const example = (op.example?.body ?? {}) as Record<string, unknown>;
  const jsonBody = (value: unknown) => ({ type: 'application/json', data: JSON.stringify(value) });
  for (const name of keysOf(op.body, example)) {
    for (const v of FIELD_VALUES)
      out.push({
        label: `body ${name}=${JSON.stringify(v)?.slice(0, 20)}`,
        body: jsonBody({ ...example, [name]: v }),
      });
    const { [name]: _missing, ...rest } = example;
    out.push({ label: `body without ${name}`, body: jsonBody(rest) });
  }
  out.push({ label: 'body with an extra field', body: jsonBody({ ...example, unexpected: 1 }) });
  for (const [type, data] of RAW_BODIES)
    out.push({
      label: `raw ${type ?? 'no type'} ${String(data).slice(0, 20)}`,
      body: { type, data: data as BodyInit },
    });
  out.push({ label: 'chunked 4 MiB', body: { type: 'application/json', data: chunkedBody(64, 64 * 1024) } });
  return out;
}

/** A stream with no Content-Length: what a chunked request body is to a route handler. */
function chunkedBody(chunks: number, size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent++ >= chunks) return controller.close();
      controller.enqueue(new Uint8Array(size).fill(0x61));
    },
  });
}

async function send(op: Operation, a: Attempt): Promise<{ status: number; body: unknown }> {
  const mod = (await import(routeFile(op.path))) as Record<string, Handler | undefined>;
  const handler = mod[op.method];
  if (!handler) throw new Error(`${routeFile(op.path)} exports no ${op.method}`);
  const params = { ...(op.example?.params ?? {}), ...a.params };
  const filled = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) =>
    encodeURIComponent(params[name] ?? 'fuzz-unknown'),
  );
  const url = new URL(filled, ORIGIN);
  for (const [k, v] of Object.entries(a.query ?? op.example?.query ?? {})) url.searchParams.set(k, v);
  const headers = new Headers({
    cookie: `${SESSION_COOKIE}=${createSession(userId).id}`,
    origin: ORIGIN,
  });
  const body = a.body ?? (op.method === 'GET' ? undefined : { type: 'application/json', data: '{}' });
  if (body?.type) headers.set('content-type', body.type);
  const abort = new AbortController();
  const request = new Request(url, {
    method: op.method,
    headers,
    body: body?.data,
    signal: abort.signal,
    duplex: 'half',
  } as RequestInit);
  if (!body?.type) request.headers.delete('content-type');
  const response = await handler(request, { params: Promise.resolve(params) });
  let parsed: unknown = null;
  const type = response.headers.get('content-type') ?? '';
  if (response.status >= 400) parsed = await response.json().catch(() => 'not JSON');
  else if (type.includes('event-stream') || type.includes('ndjson')) {
    // Streams (follow, SSE) never end on their own: the status is what matters here.
    abort.abort();
    await response.body?.cancel().catch(() => undefined);
  } else await response.arrayBuffer().catch(() => undefined);
  return { status: response.status, body: parsed };
}

/**
 * The one 5xx that is not about the input: an operation on Alertmanager when none is configured here
 * (503 saying which variable to set). Anything else ≥ 500 fails.
 */
const notConfigured = (status: number, body: unknown) =>
  status === 503 && /is not configured \(set [A-Z_]+\)/.test(JSON.stringify(body));

const envelope = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

describe('bad input', () => {
  it('walks every operation', () => {
    expect(operations.length).toBeGreaterThanOrEqual(40);
  });

  it.each(operations.map((op) => [`${op.method} ${op.path}`, op] as const))(
    '%s: no 5xx, errors in the envelope',
    async (_label, op) => {
      const wrong: string[] = [];
      for (const attempt of corpus(op)) {
        const { status, body } = await send(op, attempt);
        if (status >= 500 && !notConfigured(status, body))
          wrong.push(`${attempt.label}: ${status} ${JSON.stringify(body)}`);
        else if (status >= 400 && !envelope.safeParse(body).success)
          wrong.push(`${attempt.label}: ${status} without the error envelope`);
      }
      expect(wrong).toEqual([]);
    },
  );

  it('answers 413 to an oversized body and 415 to a form post on a JSON operation', async () => {
    const big = await send(ops.authLogin, {
      label: 'big',
      body: { type: 'application/json', data: chunkedBody(64, 64 * 1024) },
    });
    expect(big.status).toBe(413);
    const form = await send(ops.authLogin, {
      label: 'form',
      body: { type: 'application/x-www-form-urlencoded', data: 'username=a&password=b' },
    });
    expect(form.status).toBe(415);
  });

  it('still answers afterwards', async () => {
    const { status } = await send(ops.authMe, { label: 'me' });
    expect(status).toBe(200);
  });
});
