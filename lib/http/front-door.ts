import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_CSP, COMMON_HEADERS } from '@/lib/auth/security-headers';
import { env } from '@/lib/config/env';
import { type OperationSpec, operations, ops, probeOps } from '@/lib/contract';
import { metrics } from '@/lib/metrics/registry';
import { Admission, LoopLag, type Refusal, TurnClock } from './admission';
import { errorBytes } from './errors';
import { serveHealth } from './health';
import { hotRoutes } from './hot-routes';
import { nodeRequest } from './node-request';
import { rawBodyOf } from './raw-body';
import { requestIdOf } from './request-info';
import type { RouteContext } from './route';

/**
 * What scripts/start.mjs runs before Next for every request (installed by instrumentation.ts):
 *  - overload protection: each class of request (api, page, probe) has a bounded number in flight and a
 *    bounded queue; beyond them, or while the event loop lags behind (requests waiting in socket
 *    buffers; the hot reads only), the answer is 503 with Retry-After at once, in the JSON error envelope. Event streams are
 *    not queued here: lib/sse bounds them per principal and in all.
 *  - liveness (`/api/health`) answered first, from bytes made at boot (lib/http/health.ts): before
 *    admission and before any credential is looked at;
 *  - the hot JSON operations (lib/http/hot-routes.ts) served here, through the same `handle` (auth,
 *    CSRF, scopes, service limits, audit, metric, log line, error envelope) with the headers proxy.ts
 *    gives every API answer: Next's per-request cost (routing, middleware, tracing, web-stream piping)
 *    is most of a small answer's cost. `handle` reads the request through a view over the head Node
 *    parsed (lib/http/node-request.ts), not a web `Request` built per request, and the answer's bytes
 *    (the list's, made once per change; an error envelope's, made once) are written as they are.
 *    Everything else (pages, other operations) goes on to Next.
 */
export type FrontDoor = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

type RequestClass = 'api' | 'page' | 'probe' | 'stream';
type Route = (request: Request, context: RouteContext) => Promise<Response>;

const PROBES = new Set<string>([probeOps.health.path, probeOps.ready.path, probeOps.metrics.path]);

/** `/api/v1/services/{id}` → a matcher returning the params, or null. */
function matcher(path: string): (p: string) => Record<string, string> | null {
  const names: string[] = [];
  const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const re = new RegExp(`^${source}$`);
  return (p) => {
    const m = re.exec(p);
    if (!m) return null;
    const params: Record<string, string> = {};
    names.forEach((n, i) => {
      params[n] = decodeURIComponent(m[i + 1] as string);
    });
    return params;
  };
}

const HOT: { op: OperationSpec; route: Route; match: ReturnType<typeof matcher> }[] = [
  { op: ops.servicesList, route: hotRoutes.servicesList },
  { op: ops.servicesGet, route: hotRoutes.servicesGet },
].map((h) => ({ ...h, match: matcher(h.op.path) }));
const HEALTH = probeOps.health.path;

const STREAMS = operations.filter((op) => op.stream).map((op) => matcher(op.path));

function classify(req: IncomingMessage, path: string): RequestClass {
  if (PROBES.has(path)) return 'probe';
  if (req.headers.accept?.includes('text/event-stream') || STREAMS.some((m) => m(path))) return 'stream';
  return path.startsWith('/api/') ? 'api' : 'page';
}

export function createFrontDoor(): FrontDoor {
  const config = env();
  const limits = {
    maxInFlight: config.OPSDECK_MAX_IN_FLIGHT,
    maxQueued: config.OPSDECK_MAX_QUEUED,
    maxWaitMs: config.OPSDECK_MAX_QUEUE_WAIT_MS,
  };
  const classes = { api: new Admission(limits), page: new Admission(limits), probe: new Admission(limits) };
  const lag = new LoopLag();
  const turn = new TurnClock();
  // Gauge and counter children looked up once per class and reason (prom-client's `labels()` hashes
  // its arguments on every call).
  const m = metrics();
  const child = <T>(make: (key: string) => T) => {
    const made = new Map<string, T>();
    return (key: string): T => {
      let c = made.get(key);
      if (!c) {
        c = make(key);
        made.set(key, c);
      }
      return c;
    };
  };
  const refused = child((key) => {
    const [cls, why] = key.split(' ') as [string, string];
    return m.httpRefused.labels(cls, why);
  });
  const inFlight = child((cls) => m.httpInFlight.labels(cls));
  const queued = child((cls) => m.httpQueued.labels(cls));

  return (req, res, next) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (path === HEALTH && (req.method === 'GET' || req.method === 'HEAD')) return serveHealth(req, res);
    const waitedMs = turn.elapsedMs();
    const cls = classify(req, path);
    if (cls === 'stream') return next();
    const hot = req.method === 'GET' ? findHot(path) : null;
    // Lag, or a wait in this turn past its bound, refuses only the hot reads, which scripts and walls
    // poll and can simply ask again: a login, an action or a page must not fail because the machine is
    // busy (the queue bounds those). Refusing the turn's tail cheaply is what keeps the turn, and so
    // the wait of the reads it does serve, bounded when more connections ask than it can serve.
    if (
      hot &&
      cls !== 'probe' &&
      (waitedMs > config.OPSDECK_MAX_TURN_WAIT_MS || lag.over(config.OPSDECK_MAX_LOOP_LAG_MS))
    ) {
      refused(`${cls} loop_lag`).inc();
      return busy(req, res, 'loop_lag');
    }
    const admission = classes[cls];
    admission.enter(
      (release) => {
        inFlight(cls).inc();
        // The slot is free as soon as the answer is complete (`end` called: before the client can have
        // read it and sent its next request on this connection), or the client went away ('close').
        let done = false;
        const free = () => {
          if (done) return;
          done = true;
          inFlight(cls).dec();
          release();
          queued(cls).set(admission.stats().queued);
        };
        const end = res.end;
        res.end = function endAndFree(this: ServerResponse, ...args: unknown[]) {
          free();
          return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
        } as typeof res.end;
        res.once('close', free);
        if (!hot) return next();
        serveHot(req, res, hot.route, hot.params).catch((err) => {
          // `handle` answers every error itself; this is only a failure to write the answer.
          if (!res.headersSent) busy(req, res, 'internal');
          else res.destroy(err);
        });
      },
      (why: Refusal) => {
        refused(`${cls} ${why}`).inc();
        busy(req, res, why);
      },
    );
    queued(cls).set(admission.stats().queued);
  };
}

function findHot(path: string): { route: Route; params: Record<string, string> } | null {
  for (const h of HOT) {
    const params = h.match(path);
    if (params) return { route: h.route, params };
  }
  return null;
}

type BusyReason = Refusal | 'loop_lag' | 'internal';

/** Each refusal's bytes and headers, made once: refusing must cost less than serving. */
const BUSY: Record<BusyReason, { status: number; headers: string[]; body: Uint8Array }> = (() => {
  const make = (status: number, code: 'unavailable' | 'internal', message: string) => {
    const body = errorBytes(code, message);
    const headers: Record<string, string> = {
      ...COMMON_HEADERS,
      'content-security-policy': API_CSP,
      'content-type': 'application/json',
      'content-length': String(body.length),
      'cache-control': 'no-store',
      ...(status === 503 ? { 'retry-after': '1' } : {}),
    };
    return { status, headers: Object.entries(headers).flat(), body };
  };
  const full = make(503, 'unavailable', 'The server is at capacity: try again shortly');
  return {
    queue_full: full,
    waited_too_long: full,
    loop_lag: make(503, 'unavailable', 'The server is overloaded: try again shortly'),
    internal: make(500, 'internal', 'Internal error'),
  };
})();

/** 503 + Retry-After, at once and cheaply: the envelope, the API's security headers, no body to read. */
function busy(req: IncomingMessage, res: ServerResponse, why: BusyReason): void {
  const answer = BUSY[why];
  res.writeHead(answer.status, [...answer.headers, 'x-request-id', requestIdOf(req.headers['x-request-id'])]);
  res.end(answer.body);
}

async function serveHot(
  req: IncomingMessage,
  res: ServerResponse,
  route: Route,
  params: Record<string, string>,
) {
  // A hot operation reads no body and streams nothing: `handle` reads Node's parsed head through a view.
  const request = nodeRequest(req);
  const response = await route(request, { params: Promise.resolve(params) });
  const out: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    out[name] = value;
  });
  // What proxy.ts sets on every API answer that passes through Next.
  Object.assign(out, COMMON_HEADERS, { 'content-security-policy': API_CSP });
  // The bytes the answer was made from (its Response then has no body: lib/http/raw-body.ts), else
  // whatever body it has (none on a 304).
  const raw = rawBodyOf(response);
  const body = raw ?? (response.body ? Buffer.from(await response.arrayBuffer()) : null);
  if (body !== null)
    out['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.length);
  res.writeHead(response.status, out);
  res.end(body);
}

/** Installed once per process; scripts/start.mjs calls it for every request when present. */
export function installFrontDoor(): void {
  const holder = globalThis as unknown as { __opsdeckFrontDoor?: FrontDoor };
  holder.__opsdeckFrontDoor ??= createFrontDoor();
}
