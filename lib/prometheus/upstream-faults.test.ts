/**
 * Prometheus and Alertmanager failing the ways real servers fail, produced by real HTTP servers on
 * 127.0.0.1 (and a closed port): no answer, an answer that stops mid-body, an answer over the size cap
 * (declared, and an endless chunked body cut off while it streams), nobody listening. Each must end in PromUnavailableError
 * naming the upstream and the fault, never a hang, a crash or a half-parsed result.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { AlertmanagerClient } from './alertmanager';
import { PrometheusClient } from './client';
import { PromUnavailableError } from './http';

const servers: http.Server[] = [];
const open = new Set<http.ServerResponse>();
afterAll(async () => {
  for (const r of open) r.destroy();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

async function serve(handler: (res: http.ServerResponse) => void): Promise<string> {
  const server = http.createServer((req, res) => {
    open.add(res);
    req.resume();
    handler(res);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closedPort(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return `http://127.0.0.1:${port}`;
}

async function failure(p: Promise<unknown>): Promise<PromUnavailableError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PromUnavailableError);
  return err as PromUnavailableError;
}

const MiB = 1024 * 1024;

describe('Prometheus and Alertmanager faults, from real servers', () => {
  it('a Prometheus that never answers: unavailable, naming the timeout', async () => {
    const url = await serve(() => undefined);
    const err = await failure(new PrometheusClient(url, 300).query('up'));
    expect(err).toMatchObject({ upstream: 'prometheus', message: 'prometheus did not answer within 300 ms' });
  });

  it('a Prometheus that stops mid-body: unavailable once the timeout passes', async () => {
    const url = await serve((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"status":"success","data":{"resultType":"vector","result":[');
    });
    const err = await failure(new PrometheusClient(url, 300).query('up'));
    expect(err.upstream).toBe('prometheus');
  });

  it('an answer declaring more than the 32 MiB cap is refused before it is read', async () => {
    const url = await serve((res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(64 * MiB) });
      res.write('{"status":"success","data":');
    });
    const err = await failure(new PrometheusClient(url, 5000).query('up'));
    expect(err.message).toBe('prometheus: response too large');
  });

  it('an endless chunked answer is cut off while streaming, as soon as it passes the cap', async () => {
    // The server streams without end, honouring backpressure, and records when the client hangs up:
    // a client that buffered the whole body before checking the cap would never hang up (and never end).
    let sent = 0;
    let closedAfter: number | null = null;
    const url = await serve((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.on('close', () => {
        closedAfter = sent;
      });
      const chunk = Buffer.alloc(256 * 1024, 'x');
      const pump = () => {
        while (!res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      res.write('{"status":"success","data":"');
      pump();
    });
    const err = await failure(new PrometheusClient(url, 60_000).query('up'));
    expect(err.message).toBe('prometheus: response too large');
    await expect.poll(() => closedAfter, { timeout: 10_000 }).not.toBeNull();
    // The cap (32 MiB) plus what socket buffers hold in flight: never the endless rest.
    expect(closedAfter).toBeGreaterThan(32 * MiB);
    expect(closedAfter).toBeLessThan(48 * MiB);
  }, 60_000);

  it('an Alertmanager configured but down (closed port): unavailable, naming it', async () => {
    const url = await closedPort();
    const err = await failure(new AlertmanagerClient(url, 2000).alerts());
    expect(err.upstream).toBe('alertmanager');
    expect(err.message).toMatch(/^alertmanager unreachable: .*ECONNREFUSED/);
  });
});
