import { env } from '@/lib/config/env';
import { readCapped } from '@/lib/streams/read-capped';
import { prometheusMetrics } from './metrics';

export type Upstream = 'prometheus' | 'alertmanager';

/** The upstream did not answer usefully: connection refused, timeout, 5xx, or a body we cannot read. */
export class PromUnavailableError extends Error {
  override name = 'PromUnavailableError';
  constructor(
    readonly upstream: Upstream,
    message: string,
  ) {
    super(message);
  }
}

/** Prometheus refused a query (400 bad_data / 422 execution): the query is wrong, not the server. */
export class PromQueryError extends Error {
  override name = 'PromQueryError';
  constructor(
    message: string,
    readonly errorType: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Alertmanager refused a request (4xx), e.g. an invalid silence; its message is kept. */
export class AlertmanagerRejectedError extends Error {
  override name = 'AlertmanagerRejectedError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface UpstreamRequest {
  upstream: Upstream;
  baseUrl: string;
  /** path under the base URL, e.g. `/api/v1/query` */
  path: string;
  /** counted in opsdeck_prometheus_requests_total{endpoint} */
  endpoint: string;
  method?: 'GET' | 'POST' | 'DELETE';
  form?: Record<string, string>;
  json?: unknown;
  timeoutMs?: number;
}

export interface UpstreamResponse {
  status: number;
  body: unknown;
  text: string;
}

const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** One HTTP request to Prometheus or Alertmanager, with the configured timeout and counting. */
export async function upstreamFetch(req: UpstreamRequest): Promise<UpstreamResponse> {
  const timeoutMs = req.timeoutMs ?? env().PROMETHEUS_TIMEOUT_MS;
  const url = joinUrl(req.baseUrl, req.path);
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: string | undefined;
  if (req.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(req.form).toString();
  } else if (req.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(req.json);
  }
  const counter = prometheusMetrics().requests;
  let res: Response;
  try {
    res = await fetch(url, {
      method: req.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    counter.labels(req.endpoint, 'unreachable').inc();
    throw new PromUnavailableError(req.upstream, describeFetchError(req.upstream, err, timeoutMs));
  }
  const text = await readText(res, req.upstream);
  counter.labels(req.endpoint, String(res.status)).inc();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text };
}

async function readText(res: Response, upstream: Upstream): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > MAX_RESPONSE_BYTES) {
    await res.body?.cancel().catch(() => undefined);
    throw new PromUnavailableError(upstream, `${upstream}: response too large`);
  }
  try {
    const bytes = await readCapped(res.body, MAX_RESPONSE_BYTES, () => new Error('response too large'));
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  } catch (err) {
    throw new PromUnavailableError(
      upstream,
      `${upstream}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

function describeFetchError(upstream: Upstream, err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return `${upstream} did not answer within ${timeoutMs} ms`;
  }
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : undefined;
  const message = err instanceof Error ? err.message : String(err);
  return `${upstream} unreachable: ${cause ?? message}`;
}
