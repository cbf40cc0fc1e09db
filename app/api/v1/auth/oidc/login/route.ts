import { clearCookieHeader, isHttps, setCookieHeader } from '@/lib/auth/cookies';
import { FLOW_TTL_MS, OIDC_FLOW_COOKIE, OIDC_FLOW_PATH } from '@/lib/auth/oidc/flow-cookie';
import { beginOidcLogin } from '@/lib/auth/oidc/login';
import { OidcRefused } from '@/lib/auth/oidc/messages';
import { refusalRedirect, seeOther } from '@/lib/auth/oidc/redirects';
import { env } from '@/lib/config/env';
import { ops } from '@/lib/contract';
import { notFound } from '@/lib/errors';
import { handle } from '@/lib/http/route';

export const GET = handle(ops.authOidcLogin, async ({ query, request }) => {
  const settings = env().oidc;
  if (!settings) throw notFound('Single sign-on is not configured (OPSDECK_OIDC_ISSUER)');
  const secure = isHttps(request);
  try {
    const { url, sealed } = await beginOidcLogin(settings, query.next);
    const cookie = setCookieHeader(OIDC_FLOW_COOKIE, sealed, {
      secure,
      maxAgeSeconds: FLOW_TTL_MS / 1000,
      path: OIDC_FLOW_PATH,
    });
    return seeOther(url.href, [cookie]);
  } catch (err) {
    if (!(err instanceof OidcRefused)) throw err;
    return refusalRedirect(err.code, query.next, clearCookieHeader(OIDC_FLOW_COOKIE, secure, OIDC_FLOW_PATH));
  }
});
