import type { z } from 'zod';
import { AppError, badRequest } from '@/lib/errors';
import { readCapped } from '@/lib/streams/read-capped';

const MAX_BODY_BYTES = 1024 * 1024;

function issuesMessage(where: string, error: z.ZodError): string {
  return error.issues
    .map((i) => `${where}${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`)
    .join('; ');
}

export async function parseParams(schema: z.ZodType | undefined, raw: unknown): Promise<unknown> {
  if (!schema) return raw ?? {};
  const r = schema.safeParse(raw ?? {});
  if (!r.success) throw new AppError('not_found', issuesMessage('path', r.error));
  return r.data;
}

export function parseQuery(schema: z.ZodType | undefined, request: Request): unknown {
  if (!schema) return undefined;
  const url = new URL(request.url);
  const raw: Record<string, string> = {};
  for (const [k, v] of url.searchParams) raw[k] = v;
  const r = schema.safeParse(raw);
  if (!r.success) throw badRequest(issuesMessage('query', r.error));
  return r.data;
}

/**
 * A JSON body, read with a byte limit enforced while it streams (a chunked body has no Content-Length
 * to check first), then validated. Non-empty bodies must say `application/json` (415 otherwise), so a
 * form post or `text/plain` is never half-understood; malformed JSON and invalid UTF-8 are 400s.
 */
export async function parseBody(schema: z.ZodType | undefined, request: Request): Promise<unknown> {
  if (!schema) return undefined;
  const bytes = await readLimited(request, MAX_BODY_BYTES);
  let json: unknown = {};
  if (bytes.length > 0) {
    const type = request.headers.get('content-type') ?? '';
    if (!JSON_TYPE.test(type))
      throw new AppError(
        'unsupported_media_type',
        `body: send Content-Type: application/json (got ${type ? `"${type.slice(0, 100)}"` : 'none'})`,
      );
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw badRequest('body: not valid UTF-8');
    }
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text);
      } catch {
        throw badRequest('body: not valid JSON');
      }
    }
  }
  const r = schema.safeParse(json);
  if (!r.success) throw badRequest(issuesMessage('body', r.error));
  return r.data;
}

const JSON_TYPE = /^\s*application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

const tooLarge = (limit: number) =>
  new AppError('payload_too_large', `body: larger than ${describeBytes(limit)}`);

function describeBytes(n: number): string {
  if (n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/** A declared Content-Length over the limit is refused before a byte is read. */
function checkDeclared(request: Request, limit: number): void {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) throw tooLarge(limit);
}

/** The body's bytes, reading at most `limit` of them: one byte more cancels the stream and is a 413. */
export async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  checkDeclared(request, limit);
  return readCapped(request.body, limit, () => tooLarge(limit));
}

/**
 * For operations that stream a raw body to the handler (backup upload): the same request whose body
 * errors with a 413 AppError once more than `limit` bytes have passed, so the consumer's pipeline
 * stops there and the error reaches the envelope as it is.
 */
export function limitedRequest(request: Request, limit: number): Request {
  checkDeclared(request, limit);
  if (!request.body) return request;
  let total = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      total += chunk.byteLength;
      if (total > limit) controller.error(tooLarge(limit));
      else controller.enqueue(chunk);
    },
  });
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body.pipeThrough(counter),
    signal: request.signal,
    duplex: 'half',
  } as RequestInit);
}
