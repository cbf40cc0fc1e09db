/**
 * The parts of the bad-input corpus that only exist on the wire, against the production server as
 * `npm start` runs it (scripts/start.mjs): a chunked, unauthenticated login body far over the limit
 * is cut off with 413 while the server keeps answering; `Purpose: prefetch` no longer skips proxy.ts
 * (its security headers); a client-sent peer header is overwritten. The route-level corpus is
 * tests/integration/bad-input.test.ts.
 */
import fs from 'node:fs';
import http from 'node:http';
import { expect, test } from '@playwright/test';
import { type RunningServer, startServer } from './support/server';

let server: RunningServer | undefined;

test.beforeAll(async () => {
  server = await startServer();
});

test.afterAll(async () => {
  await server?.stop();
});

/** POSTs `total` bytes with Transfer-Encoding: chunked (no Content-Length); resolves with the status. */
function chunkedPost(url: string, total: number): Promise<{ status: number; sent: number }> {
  // resolves on the answer, or when the server closes the connection after answering
  return new Promise((resolve, reject) => {
    let sent = 0;
    const req = http.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, sent });
      req.destroy();
    });
    req.on('error', (err) => (sent > 0 ? resolve({ status: 0, sent }) : reject(err)));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

/** The server process's peak resident memory (VmHWM), in bytes. */
function peakRss(pid: number): number {
  const kb = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

test('a chunked 1 GiB login body is refused with 413 without being held in memory, and the server stays up', async () => {
  const url = server?.url ?? '';
  const GiB = 1024 * 1024 * 1024;
  const { status } = await chunkedPost(`${url}/api/v1/auth/login`, GiB);
  expect(status).toBe(413);
  // Whatever the server does with the rest of the body (Node drains it), it never holds it: buffering
  // it first, as before, needed at least the body's size.
  expect(peakRss(server?.pid ?? 0)).toBeLessThan(GiB / 2);
  const health = await fetch(`${url}/api/health`);
  expect(health.status).toBe(200);
});

test('Purpose: prefetch does not skip proxy.ts', async () => {
  const url = server?.url ?? '';
  const prefetches: Record<string, string>[] = [{ purpose: 'prefetch' }, { 'next-router-prefetch': '1' }];
  for (const headers of prefetches) {
    const api = await fetch(`${url}/api/v1/auth/me`, { headers });
    expect(api.headers.get('content-security-policy')).toBeTruthy();
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    const page = await fetch(`${url}/services`, { headers, redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toContain('/login');
  }
});

test('the .env.example admin password stops the server at start, with a message', async () => {
  await expect(startServer({ OPSDECK_ADMIN_PASSWORD: 'change-me-to-something-long' })).rejects.toThrow(
    /server exited \(1\)/,
  );
});

test('malformed and mistyped login bodies are 400 and 415 over HTTP', async () => {
  const url = server?.url ?? '';
  const post = (type: string, body: string) =>
    fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': type }, body });
  expect((await post('application/json', '{"username":')).status).toBe(400);
  expect((await post('text/plain', '{"username":"a","password":"b"}')).status).toBe(415);
});
