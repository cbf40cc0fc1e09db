/**
 * The UI's typed client of the contract: URLs, calls and query keys come from an operation's
 * declaration, never from a string. Browser-safe: imports only the contract (zod schemas).
 */
import type { z } from 'zod';
import type { OperationSpec, ResponseOf } from './operation';

/** An error answer of our API: `{error:{code,message}}` with its status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

type In<S> = S extends z.ZodType ? z.input<S> : undefined;
type Part<K extends string, T> = [T] extends [undefined] ? { [k in K]?: undefined } : { [k in K]: T };

/** What a call sends: path params and body as the schemas take them (defaults may be left out). */
export type CallArgs<O extends OperationSpec> = Part<'params', In<O['params']>> &
  Part<'body', In<O['body']>> & { query?: In<O['query']>; headers?: Record<string, string> };

type Values = Record<string, unknown> | undefined;

/** The operation's URL with its path params filled in and its query appended (undefined values left out). */
export function operationUrl(op: Pick<OperationSpec, 'path'>, params?: Values, query?: Values): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) throw new Error(`${op.path}: missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {}))
    if (v !== undefined && v !== null) search.set(k, String(v));
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

/** A TanStack Query key: the operation's name, then its params and query; `queryKey(op)` is the prefix. */
export function queryKey(op: Pick<OperationSpec, 'name'>, input?: { params?: Values; query?: Values }) {
  if (!input) return [op.name] as const;
  return [op.name, input.params ?? {}, input.query ?? {}] as const;
}

/** Calls an operation from the browser: same-origin cookie, JSON body, errors thrown as ApiError. */
export async function apiCall<const O extends OperationSpec>(
  op: O,
  args: CallArgs<O>,
): Promise<ResponseOf<O>> {
  const { params, query, body, headers } = args as {
    params?: Values;
    query?: Values;
    body?: unknown;
    headers?: Record<string, string>;
  };
  return fetchJson(operationUrl(op, params, query), { method: op.method, json: body, headers }) as Promise<
    ResponseOf<O>
  >;
}

/** How many times a request refused at the server's front door is sent again. */
const RESENDS = 2;
/** The longest a Retry-After is waited for; a longer one is answered to the caller. */
const MAX_RETRY_AFTER_S = 5;

/**
 * Seconds to wait before sending again, or null. Only a 503 that carries Retry-After: the front door
 * (lib/http/front-door.ts) refuses that way before it reads or does anything, so sending again is safe
 * for any method. A 503 without it (Prometheus down, say) is the answer.
 */
function resendAfter(res: Response): number | null {
  if (res.status !== 503) return null;
  const seconds = Number(res.headers.get('retry-after'));
  if (!res.headers.has('retry-after') || !Number.isFinite(seconds) || seconds < 0) return null;
  return seconds <= MAX_RETRY_AFTER_S ? seconds : null;
}

/**
 * fetch for our JSON API: same-origin cookie, 204 → undefined, an error envelope → ApiError. A request
 * the server was too busy to take (503 + Retry-After) is sent again after that wait, twice at most.
 */
export async function fetchJson(path: string, init: RequestInit & { json?: unknown } = {}): Promise<unknown> {
  const { json, ...rest } = init;
  const send = () =>
    fetch(path, {
      ...rest,
      credentials: 'same-origin',
      headers: { ...(json !== undefined ? { 'Content-Type': 'application/json' } : {}), ...rest.headers },
      body: json !== undefined ? JSON.stringify(json) : rest.body,
    });
  // a stream body can be read once only
  const resendable = !(rest.body instanceof ReadableStream);
  let res = await send();
  for (let i = 0; i < RESENDS && resendable && !rest.signal?.aborted; i++) {
    const wait = resendAfter(res);
    if (wait === null) break;
    await res.body?.cancel();
    await new Promise((r) => setTimeout(r, wait * 1000));
    res = await send();
  }
  if (res.status === 204) return undefined;
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const err = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(
      res.status,
      err?.code ?? 'http_error',
      err?.message ?? `HTTP ${res.status}`,
      err ?? {},
    );
  }
  return body;
}
