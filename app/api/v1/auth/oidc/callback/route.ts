import { clearCookieHeader, isHttps, loginCookieHeaders, readCookie } from '@/lib/auth/cookies';
import { OIDC_FLOW_COOKIE, OIDC_FLOW_PATH } from '@/lib/auth/oidc/flow-cookie';
import { completeOidcLogin } from '@/lib/auth/oidc/login';
import { OidcRefused } from '@/lib/auth/oidc/messages';
import { refusalRedirect, seeOther } from '@/lib/auth/oidc/redirects';
import { env } from '@/lib/config/env';
import { ops } from '@/lib/contract';
import { notFound } from '@/lib/errors';
import { clientAddress } from '@/lib/http/request-info';
import { handle } from '@/lib/http/route';

// Audited inside `completeOidcLogin` (`auth.oidc.login`), naming who signed in or was refused.
export const GET = handle(ops.authOidcCallback, async ({ request, requestId }) => {
  const settings = env().oidc;
  if (!settings) throw notFound('Single sign-on is not configured (OPSDECK_OIDC_ISSUER)');
  const secure = isHttps(request);
  const clearFlow = clearCookieHeader(OIDC_FLOW_COOKIE, secure, OIDC_FLOW_PATH);
  try {
    const { session, next } = await completeOidcLogin(settings, {
      params: new URL(request.url).searchParams,
      sealed: readCookie(request.headers.get('cookie'), OIDC_FLOW_COOKIE),
      address: clientAddress(request),
      requestId,
    });
    return seeOther(next, [clearFlow], loginCookieHeaders(request, session));
  } catch (err) {
    if (!(err instanceof OidcRefused)) throw err;
    return refusalRedirect(err.code, undefined, clearFlow);
  }
});
