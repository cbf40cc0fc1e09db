import type { z } from 'zod';
import { AppError, badRequest } from '@/lib/errors';

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

export async function parseBody(schema: z.ZodType | undefined, request: Request): Promise<unknown> {
  if (!schema) return undefined;
  const text = await readLimited(request);
  let json: unknown = {};
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      throw badRequest('body: not valid JSON');
    }
  }
  const r = schema.safeParse(json);
  if (!r.success) throw badRequest(issuesMessage('body', r.error));
  return r.data;
}

async function readLimited(request: Request): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw new AppError('payload_too_large', 'body: larger than 1 MiB');
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new AppError('payload_too_large', 'body: larger than 1 MiB');
  return text;
}
