import { loginBody, loginResponse, meResponse, okResponse } from '@/lib/auth/schemas';
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
    description: 'Rate-limited: 429 with Retry-After after 10 failures in 15 minutes per user or address.',
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
