import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { createFrontDoor } from './front-door';

interface Answer {
  status?: number;
  headers?: Record<string, unknown>;
  body?: string;
  passedOn: boolean;
}

/** Just what the front door touches of Node's request and response. */
function exchange(
  method: string,
  url: string,
): { req: IncomingMessage; res: ServerResponse; answer: Answer } {
  const answer: Answer = { passedOn: false };
  const req = { method, url, headers: { host: 'localhost' }, rawHeaders: [] } as unknown as IncomingMessage;
  const res = Object.assign(new EventEmitter(), {
    headersSent: false,
    writeHead(status: number, headers: Record<string, unknown> | unknown[]) {
      answer.status = status;
      // Node takes headers as an object or as a flat [name, value, …] list
      answer.headers = Array.isArray(headers)
        ? Object.fromEntries(
            headers.flatMap((v, i) => (i % 2 ? [] : [[String(v).toLowerCase(), headers[i + 1]]])),
          )
        : headers;
      return res;
    },
    end(body?: string | Uint8Array) {
      answer.body = body === undefined ? undefined : Buffer.from(body).toString('utf8');
      return res;
    },
  }) as unknown as ServerResponse;
  return { req, res, answer };
}

/** Keeps the event loop from coming back for `ms`, then lets the timers run once. */
async function holdLoop(ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: what a flood of requests does to the loop
  }
  await new Promise((r) => setImmediate(r));
}

describe('the front door while the event loop lags', () => {
  const before = process.env.OPSDECK_MAX_LOOP_LAG_MS;
  process.env.OPSDECK_MAX_LOOP_LAG_MS = '20';
  resetEnvCache();
  afterAll(() => {
    if (before === undefined) delete process.env.OPSDECK_MAX_LOOP_LAG_MS;
    else process.env.OPSDECK_MAX_LOOP_LAG_MS = before;
    resetEnvCache();
  });

  it('refuses only the hot reads (503 + Retry-After); a login, an action and a page go on', async () => {
    const door = createFrontDoor();
    // lag over the bound for two samples in a row (one spike is not overload)
    for (let i = 0; i < 3; i++) await holdLoop(120);
    const tried = [
      ['GET', '/api/v1/services'],
      ['GET', '/api/v1/services/abc123?x=1'],
      ['POST', '/api/v1/auth/login'],
      ['POST', '/api/v1/services/abc123/actions/restart'],
      ['GET', '/services/abc123'],
    ].map(([method, url]) => {
      const x = exchange(method as string, url as string);
      door(x.req, x.res, () => {
        x.answer.passedOn = true;
      });
      return { url, ...x.answer };
    });
    const [list, one, login, action, page] = tried;
    for (const hot of [list, one]) {
      expect(hot?.passedOn).toBe(false);
      expect(hot?.status).toBe(503);
      expect(hot?.headers?.['retry-after']).toBe('1');
      expect(JSON.parse(hot?.body ?? '{}').error.code).toBe('unavailable');
    }
    for (const other of [login, action, page]) {
      expect(other?.status).toBeUndefined();
      expect(other?.passedOn).toBe(true);
    }
  });
});

describe('the front door late in a long loop turn', () => {
  it('refuses the hot reads that waited past the turn bound, not a login or a page; the next turn starts afresh', async () => {
    const door = createFrontDoor();
    const call = (method: string, url: string) => {
      const x = exchange(method, url);
      door(x.req, x.res, () => {
        x.answer.passedOn = true;
      });
      return x.answer;
    };
    await new Promise((r) => setImmediate(r));
    // One turn: its first request starts the count, then the turn goes on for 80 ms (serving others,
    // as a turn with hundreds of connections does) before the next requests are read.
    expect(call('GET', '/services/abc123').passedOn).toBe(true);
    const until = performance.now() + 80;
    while (performance.now() < until) {
      // busy
    }
    const late = call('GET', '/api/v1/services');
    expect(late.passedOn).toBe(false);
    expect(late.status).toBe(503);
    expect(late.headers?.['retry-after']).toBe('1');
    expect(JSON.parse(late.body ?? '{}').error.message).toBe('The server is overloaded: try again shortly');
    expect(call('POST', '/api/v1/auth/login').passedOn).toBe(true);
    expect(call('GET', '/services/abc123').passedOn).toBe(true);
    // The check phase ends the turn: the next one's first request is not late.
    await new Promise((r) => setImmediate(r));
    const next = call('GET', '/services/other');
    expect(next.passedOn).toBe(true);
    expect(next.status).toBeUndefined();
  });
});
