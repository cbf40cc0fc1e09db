import { createHash } from 'node:crypto';
import type { Principal } from '@/lib/auth/types';
import { ops } from '@/lib/contract';
import { describeService, listServices } from '@/lib/services';
import type { ServicesAnswer } from '@/lib/services/types';
import { bytesResponse } from './raw-body';
import { handle } from './route';

/**
 * The operations scripts and wall displays poll, served by one handler each whichever door the request
 * came through: Next's route file (`export const GET = hotRoutes.x`) or the front door
 * (lib/http/front-door.ts) that scripts/start.mjs puts before Next. Both go through `handle`.
 */
export const hotRoutes = {
  /** A service-limited token lists its services only (labels and health output are as secret as logs). */
  servicesList: handle(ops.servicesList, async ({ principal, visible, request }) =>
    listBytes(await listServices(), principal, visible, request),
  ),
  servicesGet: handle(ops.servicesGet, async ({ service }) => describeService(service)),
};

interface Encoded {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

/**
 * The list's bytes, encoded once per computed answer (lib/services keeps one until something changes)
 * and per principal class (what a token's service limit lets it see), with an ETag of those bytes.
 * Weakly held by the answer, so a new answer drops the old bytes; at most MAX_CLASSES classes each.
 */
const MAX_CLASSES = 64;
const holder = globalThis as unknown as {
  __opsdeckListBytes?: WeakMap<ServicesAnswer, Map<string, Encoded>>;
};

function listBytes(
  answer: ServicesAnswer,
  principal: Principal | null,
  visible: (id: string) => boolean,
  request: Request,
): Response {
  const ifNoneMatch = request.headers.get('if-none-match');
  holder.__opsdeckListBytes ??= new WeakMap();
  const cache = holder.__opsdeckListBytes;
  let classes = cache.get(answer);
  if (!classes) {
    classes = new Map();
    cache.set(answer, classes);
  }
  const key = principal?.services ? JSON.stringify([...principal.services].sort()) : '*';
  let encoded = classes.get(key);
  if (!encoded) {
    const shown = principal?.services
      ? { ...answer, services: answer.services.filter((s) => visible(s.id)) }
      : answer;
    const body = new TextEncoder().encode(JSON.stringify(shown));
    encoded = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    if (classes.size >= MAX_CLASSES) classes.clear();
    classes.set(key, encoded);
  }
  // no-cache: a client may keep the answer but must ask again; it then gets 304 while nothing changed.
  const headers = { etag: encoded.etag, 'cache-control': 'private, no-cache' };
  if (ifNoneMatch && etagMatches(ifNoneMatch, encoded.etag))
    return new Response(null, { status: 304, headers });
  return bytesResponse(
    encoded.body,
    { headers: { ...headers, 'content-type': 'application/json' } },
    request,
  );
}

/** If-None-Match: `*` or a list of (weak or strong) tags; compared weakly, as RFC 9110 says for GET. */
export function etagMatches(header: string, etag: string): boolean {
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}
