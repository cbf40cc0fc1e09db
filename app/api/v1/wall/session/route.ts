import { wallPrincipal } from '@/lib/auth/authenticate';
import { isHttps, setCookieHeader, WALL_COOKIE } from '@/lib/auth/cookies';
import { checkLoginOrigin } from '@/lib/auth/csrf';
import { ops } from '@/lib/contract';
import { unauthorized } from '@/lib/errors';
import { handle } from '@/lib/http/route';

const WALL_COOKIE_MAX_AGE = 180 * 24 * 60 * 60;

/**
 * The display token arrives in a POST body (from /wall/connect, which read it from the URL fragment),
 * so it never sits in a URL that proxies and access logs keep. It goes into an HttpOnly cookie that
 * only ever grants the display scope (lib/auth/authenticate.ts `wallPrincipal`).
 */
export const POST = handle(ops.wallSession, async ({ body, request }) => {
  checkLoginOrigin(request);
  if (!wallPrincipal(body.token)) throw unauthorized('Not a valid display token');
  const cookie = setCookieHeader(WALL_COOKIE, body.token, {
    secure: isHttps(request),
    maxAgeSeconds: WALL_COOKIE_MAX_AGE,
  });
  return Response.json({ ok: true }, { headers: { 'set-cookie': cookie, 'cache-control': 'no-store' } });
});
