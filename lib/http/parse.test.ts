import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { limitedRequest, parseBody } from './parse';

const schema = z.object({ name: z.string() }).strict();
const MiB = 1024 * 1024;

/** A chunked body (no Content-Length) producing `chunks` × `size` bytes, counting what was pulled. */
function chunked(chunks: number, size: number) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= chunks) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
  const request = new Request('http://x/api', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    duplex: 'half',
  } as RequestInit);
  return { request, pulled: () => pulled };
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (e instanceof AppError ? { status: e.status, message: e.message } : e),
  );

describe('parseBody', () => {
  it('stops reading a chunked body at the limit: 413, the rest never pulled', async () => {
    // 4 GiB announced by nothing: without a streaming count the whole body would be buffered first.
    const { request, pulled } = chunked(64 * 1024, 64 * 1024);
    expect(await failure(parseBody(schema, request))).toMatchObject({ status: 413 });
    expect(pulled()).toBeLessThanOrEqual(MiB / (64 * 1024) + 2);
  });

  it('refuses a declared Content-Length over the limit before reading', async () => {
    const request = new Request('http://x/api', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(2 * MiB) },
      body: '{}',
    });
    expect(await failure(parseBody(schema, request))).toMatchObject({ status: 413 });
  });

  it.each([
    ['text/plain', '{"name":"a"}', 415],
    ['application/x-www-form-urlencoded', 'name=a', 415],
    ['', '{"name":"a"}', 415],
    ['application/json', '{"name":', 400],
    ['application/json', '{"name":"a","extra":1}', 400],
    ['application/json', '{"name":1}', 400],
    ['application/json; charset=utf-8', '\uFEFF', 400],
  ])('%s %j → %i', async (type, text, status) => {
    const headers: Record<string, string> = type ? { 'content-type': type } : {};
    const request = new Request('http://x/api', { method: 'POST', headers, body: text });
    if (!type) request.headers.delete('content-type');
    expect(await failure(parseBody(schema, request))).toMatchObject({ status });
  });

  it('rejects bytes that are not UTF-8 as a 400', async () => {
    const request = new Request('http://x/api', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    });
    expect(await failure(parseBody(schema, request))).toMatchObject({ status: 400, message: /UTF-8/ });
  });

  it('takes an empty body as {} and a JSON one as is', async () => {
    await expect(parseBody(z.object({}), new Request('http://x/api', { method: 'POST' }))).resolves.toEqual(
      {},
    );
    const request = new Request('http://x/api', {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.api+json' },
      body: '{"name":"é"}',
    });
    await expect(parseBody(schema, request)).resolves.toEqual({ name: 'é' });
  });
});

describe('limitedRequest', () => {
  it('passes a body under the limit through unchanged', async () => {
    const { request } = chunked(3, 100);
    expect((await limitedRequest(request, 1000).arrayBuffer()).byteLength).toBe(300);
  });

  it('errors the stream with a 413 once past the limit', async () => {
    const { request, pulled } = chunked(1000, 1024);
    expect(await failure(limitedRequest(request, 10 * 1024).arrayBuffer())).toMatchObject({ status: 413 });
    expect(pulled()).toBeLessThan(20);
  });
});
