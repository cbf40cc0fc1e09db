import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { HEALTH_BODY, HEALTH_HEADERS, healthResponse } from './health';
import { NodeHeaders, nodeRequest } from './node-request';

/** What the old fast path (and Next) built: a web Headers with every raw header appended. */
function webHeaders(raw: string[]): Headers {
  const h = new Headers();
  for (let i = 0; i < raw.length; i += 2) h.append(raw[i] as string, raw[i + 1] as string);
  return h;
}

const RAW = [
  'Host',
  '127.0.0.1:3000',
  'Authorization',
  'Bearer opsdeck_a',
  'authorization',
  'Bearer opsdeck_b',
  'If-None-Match',
  '"abc"',
  'X-Request-Id',
  '  spaced  ',
  'Cookie',
  'a=1',
  'cookie',
  'b=2',
];

describe('NodeHeaders', () => {
  it('reads every header as a web Headers built from the same raw list does', () => {
    const node = new NodeHeaders(RAW);
    const web = webHeaders(RAW);
    for (const name of [
      'host',
      'Authorization',
      'if-none-match',
      'x-request-id',
      'cookie',
      'absent',
      'HOST',
    ]) {
      expect(node.get(name), name).toBe(web.get(name));
      expect(node.has(name), name).toBe(web.has(name));
    }
    // a repeated Authorization is one joined value, which no bearer pattern accepts (Node's
    // req.headers would have kept only the first)
    expect(node.get('authorization')).toBe('Bearer opsdeck_a, Bearer opsdeck_b');
    const seen: [string, string][] = [];
    node.forEach((v, n) => {
      seen.push([n, v]);
    });
    const want: [string, string][] = [];
    web.forEach((v, n) => {
      want.push([n, v]);
    });
    expect(seen.sort()).toEqual(want.sort());
  });
});

describe('nodeRequest', () => {
  it('is a bodiless request with method, absolute url, headers and a signal that never aborts', () => {
    const req = { method: 'GET', url: '/api/v1/services?x=1', headers: { host: 'h:1' }, rawHeaders: RAW };
    const view = nodeRequest(req as unknown as IncomingMessage);
    expect(view.method).toBe('GET');
    expect(view.url).toBe('http://h:1/api/v1/services?x=1');
    expect(new URL(view.url).searchParams.get('x')).toBe('1');
    expect(view.body).toBeNull();
    expect(view.signal.aborted).toBe(false);
    expect(view.headers.get('if-none-match')).toBe('"abc"');
  });
});

describe('health answer', () => {
  it('is the same bytes and headers whatever credential is sent, with the sent request id', async () => {
    const res = healthResponse(
      new Request('http://x/api/health', {
        headers: { authorization: 'Bearer opsdeck_not-a-token', 'x-request-id': 'probe-1' },
      }),
    );
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(HEALTH_BODY);
    expect(JSON.parse(HEALTH_BODY.toString())).toEqual({ status: 'ok' });
    for (const [name, value] of Object.entries(HEALTH_HEADERS))
      expect(res.headers.get(name), name).toBe(value);
    expect(res.headers.get('x-request-id')).toBe('probe-1');
    expect(healthResponse(new Request('http://x/api/health')).headers.get('x-request-id')).toMatch(
      /^[0-9a-f-]{36}$/,
    );
  });
});
