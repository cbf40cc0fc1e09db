import { expect } from 'vitest';
import { createToken } from '@/lib/auth/tokens';
import type { Scope } from '@/lib/auth/types';
import type { OperationSpec, ResponseOf } from '@/lib/contract/operation';
import type { RouteContext } from '@/lib/http/route';
import { waitFor } from './engine';

type Handler = (request: Request, context: RouteContext) => Promise<Response>;

/** Mints a real token in the test's store (same code path as POST /api/v1/tokens). */
export function mintToken(
  scopes: Scope[],
  services: string[] | null = null,
  name = `test-${scopes.join('-')}`,
): string {
  return createToken({ name, scopes, services }).token;
}

export interface CallOptions {
  method?: string;
  token?: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Calls a route handler in-process with a real Request, exactly as Next would. */
export async function call(handler: Handler, path: string, opts: CallOptions = {}): Promise<Response> {
  const url = new URL(path, 'http://127.0.0.1:3999');
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const request = new Request(url, {
    method: opts.method ?? (opts.body !== undefined ? 'POST' : 'GET'),
    headers,
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    signal: opts.signal,
  });
  return handler(request, { params: Promise.resolve(opts.params ?? {}) });
}

export async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/**
 * The JSON answer of an operation, checked against its declared response schema: the schema must
 * accept the real answer and keep all of it (a field the schema does not know would be stripped).
 */
export async function answer<O extends OperationSpec>(op: O, res: Response): Promise<ResponseOf<O>> {
  const body: unknown = await res.json();
  if (!op.response) throw new Error(`${op.name} declares no response schema`);
  const parsed = op.response.safeParse(body);
  if (!parsed.success)
    throw new Error(`${op.name}: the answer does not match its schema: ${parsed.error.message}`);
  expect(parsed.data, `${op.name}: the schema strips part of the answer`).toEqual(body);
  return body as ResponseOf<O>;
}

/**
 * A job once it has left queued/running, read as a script reads it: GET /api/v1/jobs/{id} with `token`.
 * The route is imported on first use, because test files set their environment before app code loads.
 */
export async function jobFinished<J extends { status: string }>(
  jobId: string,
  token: string,
  timeoutMs = 90_000,
): Promise<J> {
  const route = await import('@/app/api/v1/jobs/[id]/route');
  return waitFor(
    `job ${jobId} to finish`,
    async () => {
      const res = await call(route.GET, `/api/v1/jobs/${jobId}`, { token, params: { id: jobId } });
      const { job } = await json<{ job: J }>(res);
      return job.status === 'queued' || job.status === 'running' ? undefined : job;
    },
    timeoutMs,
    200,
  );
}
