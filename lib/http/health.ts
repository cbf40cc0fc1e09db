import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_CSP, COMMON_HEADERS } from '@/lib/auth/security-headers';
import { requestIdOf } from './request-info';

/**
 * Liveness (`GET /api/health`): the process serves requests. Dependencies belong to /api/ready.
 *
 * The answer never changes, so its bytes and headers are made once, at boot, and the front door
 * (lib/http/front-door.ts) writes them before anything else looks at the request: no admission,
 * no authentication, no web Request/Response. A credential sent with it is ignored, not checked: the
 * probe is public and says nothing but "this process answers", so there is nothing a token could
 * unlock or a bad token could be refused from. Checking one would only make every orchestrator's
 * probe pay for a token lookup, and let a stale token configured in a probe restart a healthy server.
 * Next's route (app/api/health/route.ts) answers the same status, headers and bytes, for a server
 * started without scripts/start.mjs.
 *
 * Not audited, not in the request-duration histogram and not logged per request: a liveness probe
 * polled every few seconds would only drown the log and the metric.
 */
export const HEALTH_BODY: Buffer = Buffer.from(JSON.stringify({ status: 'ok' }));

/** The answer's headers, in the order written (x-request-id is added per request). */
export const HEALTH_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  ...COMMON_HEADERS,
  'content-security-policy': API_CSP,
  'content-type': 'application/json',
  'cache-control': 'no-store',
  'content-length': String(HEALTH_BODY.length),
});

// writeHead takes a flat [name, value, …] list: no object to walk per request.
const FLAT: readonly string[] = Object.entries(HEALTH_HEADERS).flat();

/** Writes the health answer to a Node response (the front door). HEAD gets the headers only. */
export function serveHealth(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, [...FLAT, 'x-request-id', requestIdOf(req.headers['x-request-id'])]);
  res.end(req.method === 'HEAD' ? undefined : HEALTH_BODY);
}

/** The same answer as a web Response, for Next's route handler. */
export function healthResponse(request: Request): Response {
  return new Response(new Uint8Array(HEALTH_BODY), {
    status: 200,
    headers: {
      ...HEALTH_HEADERS,
      'x-request-id': requestIdOf(request.headers.get('x-request-id') ?? undefined),
    },
  });
}
