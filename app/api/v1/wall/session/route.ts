import { appendAudit } from '@/lib/audit/append';
import { wallPrincipal } from '@/lib/auth/authenticate';
import { isHttps, setCookieHeader, WALL_COOKIE } from '@/lib/auth/cookies';
import { checkLoginOrigin } from '@/lib/auth/csrf';
import { ops } from '@/lib/contract';
import { badRequest } from '@/lib/errors';
import { clientAddress } from '@/lib/http/request-info';
import { handle } from '@/lib/http/route';

const WALL_COOKIE_MAX_AGE = 180 * 24 * 60 * 60;

/**
 * The display token arrives in a POST body (from /wall/connect, which read it from the URL fragment),
 * so it never sits in a URL that proxies and access logs keep. It goes into an HttpOnly cookie that
 * only ever grants the display scope (lib/auth/authenticate.ts `wallPrincipal`).
 */
// Audited here, on success only, as the token: a failed guess changes nothing and must not let anyone
// grow the audit log.
export const POST = handle(ops.wallSession, async ({ body, request, requestId }) => {
  checkLoginOrigin(request);
  const wall = wallPrincipal(body.token);
  if (!wall) throw badRequest('Not a valid display token (unknown, revoked, expired or without display)');
  appendAudit({
    actor: wall.name,
    actorKind: 'token',
    address: clientAddress(request),
    action: 'auth.wall',
    target: null,
    serviceId: null,
    params: {},
    result: 'ok',
    requestId,
    onBehalfOf: wall.createdBy ?? null,
  });
  const cookie = setCookieHeader(WALL_COOKIE, body.token, {
    secure: isHttps(request),
    maxAgeSeconds: WALL_COOKIE_MAX_AGE,
  });
  return Response.json({ ok: true }, { headers: { 'set-cookie': cookie, 'cache-control': 'no-store' } });
});
