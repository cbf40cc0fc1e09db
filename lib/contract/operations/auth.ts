import {
  changePasswordBody,
  loginBody,
  loginResponse,
  meResponse,
  oidcCallbackQuery,
  oidcLoginQuery,
  okResponse,
  wallSessionBody,
} from '@/lib/auth/schemas';
import { defineOperation } from '../operation';

export const authOps = {
  // Audited inside `login` (not via `audit`) so the entry names the user who tried, not "anonymous".
  authLogin: defineOperation({
    method: 'POST',
    path: '/api/v1/auth/login',
    name: 'auth.login',
    permission: 'public',
    tag: 'auth',
    summary: 'Log in: sets the HttpOnly session cookie',
    description:
      'Slowed down: after 5 failures in 15 minutes for one user from one address (30 from one address, 50 for one user), 429 with Retry-After, doubling with each further failure. JSON bodies only (415 otherwise), at most 1 MiB (413).',
    body: loginBody,
    response: loginResponse,
    example: { body: { username: '', password: '' }, expect: 400 },
  }),
  authLogout: defineOperation({
    method: 'POST',
    path: '/api/v1/auth/logout',
    name: 'auth.logout',
    permission: 'authenticated',
    tag: 'auth',
    summary: 'Log out: ends the session',
    response: okResponse,
    audit: 'auth.logout',
  }),
  wallSession: defineOperation({
    method: 'POST',
    path: '/api/v1/wall/session',
    name: 'wall.session',
    permission: 'public',
    tag: 'auth',
    summary: 'Exchange a display token for the wall cookie (HttpOnly, display scope only)',
    description:
      'Used by /wall/connect, which reads the token from the URL fragment (`/wall#token=…`): fragments never reach the server or its access logs. 400 for a token that is unknown, revoked, expired or lacks the display scope. Audited (as the token) on success only.',
    body: wallSessionBody,
    response: okResponse,
    example: { body: { token: 'opsdeck_unknownunknownunknownunknown' }, expect: 400 },
  }),
  authPassword: defineOperation({
    method: 'POST',
    path: '/api/v1/auth/password',
    name: 'auth.password',
    permission: 'read',
    tag: 'auth',
    summary: 'Change your own password (the current one is required); ends all your sessions',
    body: changePasswordBody,
    response: okResponse,
    audit: 'auth.password',
    usersOnly: true,
    // valid for the schema, refused by the handler: the current password is wrong
    example: { body: { currentPassword: 'not-the-password', newPassword: 'a-new-password-1' }, expect: 400 },
  }),
  // Single sign-on (docs/security.md#single-sign-on-openid-connect). Browser navigations, not API calls:
  // both answer 303 redirects. Audited inside the callback (`auth.oidc.login`), naming who signed in.
  authOidcLogin: defineOperation({
    method: 'GET',
    path: '/api/v1/auth/oidc/login',
    name: 'auth.oidc.login',
    permission: 'public',
    tag: 'auth',
    summary: 'Single sign-on: redirects (303) to the OpenID Connect provider',
    description:
      'Authorization code flow with PKCE (S256), state and nonce; the pending flow rides in a sealed HttpOnly cookie for 10 minutes. 404 when single sign-on is not configured; a provider that cannot be reached sends the browser to `/login?sso=unavailable`.',
    query: oidcLoginQuery,
    status: 303,
    example: { expect: 404 },
  }),
  authOidcCallback: defineOperation({
    method: 'GET',
    path: '/api/v1/auth/oidc/callback',
    name: 'auth.oidc.callback',
    permission: 'public',
    tag: 'auth',
    summary: 'Single sign-on: the provider sends the browser back here; sets the session cookie',
    description:
      'Checks the flow cookie, state, nonce and PKCE, exchanges the code, maps the role claim to a role (OPSDECK_OIDC_ROLE_MAP), creates the user at first login, then 303 to where the login started. Refusals go to `/login?sso=<reason>` (no-role, disabled, name-taken, expired, state, denied, unavailable, failed). 404 when single sign-on is not configured.',
    query: oidcCallbackQuery,
    status: 303,
    example: { query: { code: 'x', state: 'y' }, expect: 404 },
  }),
  authMe: defineOperation({
    method: 'GET',
    path: '/api/v1/auth/me',
    name: 'auth.me',
    permission: 'authenticated',
    tag: 'auth',
    summary: 'Who am I: the principal of this request',
    response: meResponse,
  }),
};
