import { z } from 'zod';
import { WALL_TOKEN_PATTERN } from './security-headers';
import { roles, scopes } from './types';

/** Request and response schemas of the auth, token and user routes; the OpenAPI document uses them too. */
export const loginBody = z.object({
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(1000),
});

export const principalResponse = z.object({
  kind: z.enum(['user', 'token', 'proxy']),
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(scopes)),
  services: z.array(z.string()).nullable(),
  role: z.enum(roles).optional(),
  /** a token's own name */
  label: z.string().optional(),
});

export const meResponse = z.object({ principal: principalResponse });

export const userResponse = z.object({
  id: z.string(),
  username: z.string(),
  role: z.enum(roles),
  createdAt: z.string(),
  disabled: z.boolean(),
  /** null: never logged in */
  lastLoginAt: z.string().nullable(),
  /** `oidc`: signs in through single sign-on, has no password here */
  kind: z.enum(['local', 'oidc']),
});

/** Where to go after a single sign-on login (a same-origin path; anything else goes to `/`). */
export const oidcLoginQuery = z.object({ next: z.string().max(2000).optional() });

const callbackParam = z.string().max(4000).optional();
/** What the provider sends the browser back with (RFC 6749 §4.1.2; `iss` per RFC 9207). */
export const oidcCallbackQuery = z.looseObject({
  code: callbackParam,
  state: callbackParam,
  iss: callbackParam,
  error: callbackParam,
  error_description: callbackParam,
});

export const loginResponse = z.object({ user: userResponse, expiresAt: z.string() });
export const okResponse = z.object({ ok: z.literal(true) });

/** The wall's display token, posted once by /wall/connect (never in a URL that reaches access logs). */
export const wallSessionBody = z.object({
  token: z.string().regex(WALL_TOKEN_PATTERN, 'a display token (opsdeck_…)'),
});

export const idParams = z.object({ id: z.string().min(1).max(100) });

const serviceLimit = z.string().min(1).max(300);

export const createTokenBody = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(scopes)).min(1).max(scopes.length),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  /** service ids, `stack/service` names or `stack` names the token is limited to */
  services: z.array(serviceLimit).max(100).optional(),
});

export const tokenInfo = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(scopes)),
  services: z.array(z.string()).nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const createTokenResponse = z.object({
  id: z.string(),
  /** the secret, shown only in this answer */
  token: z.string(),
  info: tokenInfo,
});
export const listTokensResponse = z.object({ tokens: z.array(tokenInfo) });

const username = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ @ - only');
const password = z.string().min(8, 'at least 8 characters').max(1000);

export const createUserBody = z.object({ username, password, role: z.enum(roles) });
export const updateUserBody = z
  .object({ role: z.enum(roles).optional(), password: password.optional(), disabled: z.boolean().optional() })
  .refine((b) => b.role !== undefined || b.password !== undefined || b.disabled !== undefined, {
    message: 'nothing to change: give role, password or disabled',
  });
export const listUsersResponse = z.object({ users: z.array(userResponse) });

/** A user's own password change: the current one proves it is them, not just their open session. */
export const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(1000),
  newPassword: password,
});
