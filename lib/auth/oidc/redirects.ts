import { OIDC_FLOW_COOKIE, OIDC_FLOW_PATH } from './flow-cookie';
import type { OidcRefusal } from './messages';

/**
 * The browser side of a refusal: back to the login page with the reason's code (the page shows fixed
 * text for it), keeping where the user was going. The flow cookie is always ended.
 */
export function refusalRedirect(code: OidcRefusal, next: string | undefined, clearFlow: string): Response {
  const query = new URLSearchParams({ sso: code });
  if (next && next !== '/') query.set('next', next);
  return seeOther(`/login?${query}`, [clearFlow]);
}

/** A 303 to a same-origin path or the provider; never cached, and no Referer carries the code on. */
export function seeOther(location: string, cookies: string[], headers = new Headers()): Response {
  headers.set('location', location);
  headers.set('cache-control', 'no-store');
  headers.set('referrer-policy', 'no-referrer');
  for (const c of cookies) headers.append('set-cookie', c);
  return new Response(null, { status: 303, headers });
}

export { OIDC_FLOW_COOKIE, OIDC_FLOW_PATH };
