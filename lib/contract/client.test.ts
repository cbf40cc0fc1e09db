import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, fetchJson } from './client';

/** A real loopback server that answers from a script of (status, headers) per request. */
let script: { status: number; headers?: Record<string, string> }[] = [];
const seen: { method: string; body: string }[] = [];
let base = '';
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => {
    body += c;
  });
  req.on('end', () => {
    seen.push({ method: req.method ?? '', body });
    const next = script.shift() ?? { status: 200 };
    const payload =
      next.status === 200
        ? JSON.stringify({ ok: true, n: seen.length })
        : JSON.stringify({ error: { code: 'unavailable', message: 'busy' } });
    res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
    res.end(payload);
  });
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function answerWith(...statuses: { status: number; headers?: Record<string, string> }[]) {
  script = statuses;
  seen.length = 0;
}
const busy = { status: 503, headers: { 'retry-after': '0' } };

describe('fetchJson against a server too busy to take the request', () => {
  it('sends it again after Retry-After, body and method unchanged', async () => {
    answerWith(busy, busy, { status: 200 });
    const out = await fetchJson(`${base}/api/v1/services/x/actions/restart`, {
      method: 'POST',
      json: { reason: 'stuck' },
    });
    expect(out).toEqual({ ok: true, n: 3 });
    expect(seen).toEqual(Array(3).fill({ method: 'POST', body: '{"reason":"stuck"}' }));
  });

  it('gives up after two resends and throws the 503', async () => {
    answerWith(busy, busy, busy, { status: 200 });
    const err = await fetchJson(`${base}/api/v1/services`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(503);
    expect(seen).toHaveLength(3);
  });

  it('does not resend a 503 without Retry-After, nor one asking to wait too long', async () => {
    for (const refusal of [{ status: 503 }, { status: 503, headers: { 'retry-after': '120' } }]) {
      answerWith(refusal, { status: 200 });
      const err = await fetchJson(`${base}/api/v1/prometheus`).catch((e: unknown) => e);
      expect((err as ApiError).code).toBe('unavailable');
      expect(seen).toHaveLength(1);
    }
  });

  it('does not resend other errors', async () => {
    answerWith({ status: 429, headers: { 'retry-after': '0' } }, { status: 200 });
    const err = await fetchJson(`${base}/api/v1/auth/login`, { method: 'POST', json: {} }).catch(
      (e: unknown) => e,
    );
    expect((err as ApiError).status).toBe(429);
    expect(seen).toHaveLength(1);
  });
});
