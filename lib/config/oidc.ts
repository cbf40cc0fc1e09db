import fs from 'node:fs';

/** The roles an OIDC claim can map to (lib/auth/types names the same three; config is a leaf). */
export const OIDC_ROLES = ['viewer', 'operator', 'admin'] as const;
export type OidcRole = (typeof OIDC_ROLES)[number];

/** `ops-admins=admin,ops=operator,*=viewer`, parsed: `*` is the role for everyone else. */
export interface RoleMap {
  entries: { value: string; role: OidcRole }[];
  /** the `*` entry: the role of a user none of whose claim values is listed; none = refused */
  fallback: OidcRole | null;
}

export interface OidcSettings {
  issuer: URL;
  clientId: string;
  /** undefined: a public client, PKCE alone */
  clientSecret: string | undefined;
  /** where the provider sends the browser back: `<OPSDECK_PUBLIC_URL>/api/v1/auth/oidc/callback` */
  redirectUri: string;
  scopes: string;
  /** "Sign in with <name>" */
  name: string;
  /** a claim name, or a dotted path into nested claims (`realm_access.roles`) */
  roleClaim: string;
  roleMap: RoleMap;
  usernameClaim: string;
  allowHttp: boolean;
}

/** The variables read here; a subset of the environment so the parser stays testable. */
export interface OidcEnv {
  OPSDECK_PUBLIC_URL?: string;
  OPSDECK_OIDC_ISSUER?: string;
  OPSDECK_OIDC_CLIENT_ID?: string;
  OPSDECK_OIDC_CLIENT_SECRET?: string;
  OPSDECK_OIDC_CLIENT_SECRET_FILE?: string;
  OPSDECK_OIDC_SCOPES?: string;
  OPSDECK_OIDC_NAME?: string;
  OPSDECK_OIDC_ROLE_CLAIM?: string;
  OPSDECK_OIDC_ROLE_MAP?: string;
  OPSDECK_OIDC_USERNAME_CLAIM?: string;
  OPSDECK_OIDC_ALLOW_HTTP?: string;
}

export const OIDC_CALLBACK_PATH = '/api/v1/auth/oidc/callback';

/** Throws a message naming the variable at fault; the caller turns it into a ConfigError at boot. */
export function parseRoleMap(text: string): RoleMap {
  const entries: RoleMap['entries'] = [];
  let fallback: OidcRole | null = null;
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (!item) continue;
    // the value may itself hold `=` (`cn=ops`): the role follows the last one; commas separate entries
    const eq = item.lastIndexOf('=');
    const value = eq > 0 ? item.slice(0, eq).trim() : '';
    const role = eq > 0 ? item.slice(eq + 1).trim() : '';
    if (!value || !(OIDC_ROLES as readonly string[]).includes(role))
      throw new Error(
        `OPSDECK_OIDC_ROLE_MAP: "${item}" is not value=role (role one of ${OIDC_ROLES.join(', ')})`,
      );
    if (value === '*') fallback = role as OidcRole;
    else entries.push({ value, role: role as OidcRole });
  }
  if (entries.length === 0 && !fallback)
    throw new Error('OPSDECK_OIDC_ROLE_MAP: no entries (e.g. "ops-admins=admin,ops=operator,*=viewer")');
  return { entries, fallback };
}

/**
 * The role for a user's claim values: the highest role any listed value maps to (so the order of
 * the map does not matter), else the `*` role, else null (refused). Values compare exactly.
 */
export function roleFor(values: readonly string[], map: RoleMap): OidcRole | null {
  let best = -1;
  for (const { value, role } of map.entries)
    if (values.includes(value)) best = Math.max(best, OIDC_ROLES.indexOf(role));
  return best >= 0 ? (OIDC_ROLES[best] ?? null) : map.fallback;
}

/** A claim by name or dotted path, as a list of strings: `"ops"`, `["ops", "dev"]`; else empty. */
export function claimValues(claims: Record<string, unknown>, claim: string): string[] {
  let value: unknown = claim in claims ? claims[claim] : undefined;
  if (value === undefined && claim.includes('.')) {
    value = claims;
    for (const part of claim.split('.'))
      value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  }
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

const truthy = (v: string | undefined) => v === 'true' || v === '1';

/** null when OPSDECK_OIDC_ISSUER is unset (OIDC off); throws naming the variable when half-configured. */
export function parseOidcSettings(e: OidcEnv): OidcSettings | null {
  const issuerText = e.OPSDECK_OIDC_ISSUER?.trim();
  if (!issuerText) return null;
  const issuer = new URL(issuerText);
  const allowHttp = truthy(e.OPSDECK_OIDC_ALLOW_HTTP);
  if (issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && allowHttp))
    throw new Error(
      'OPSDECK_OIDC_ISSUER: must be https:// (set OPSDECK_OIDC_ALLOW_HTTP=true for a provider on a private network)',
    );
  const clientId = e.OPSDECK_OIDC_CLIENT_ID?.trim();
  if (!clientId) throw new Error('OPSDECK_OIDC_CLIENT_ID: required with OPSDECK_OIDC_ISSUER');
  const publicUrl = e.OPSDECK_PUBLIC_URL?.trim();
  if (!publicUrl)
    throw new Error(
      'OPSDECK_PUBLIC_URL: required with OPSDECK_OIDC_ISSUER (the redirect URL is built on it)',
    );
  const origin = new URL(publicUrl);
  if (!e.OPSDECK_OIDC_ROLE_MAP?.trim())
    throw new Error(
      'OPSDECK_OIDC_ROLE_MAP: required with OPSDECK_OIDC_ISSUER (e.g. "ops=operator,*=viewer")',
    );
  let clientSecret = e.OPSDECK_OIDC_CLIENT_SECRET?.trim() || undefined;
  if (!clientSecret && e.OPSDECK_OIDC_CLIENT_SECRET_FILE?.trim()) {
    try {
      clientSecret = fs.readFileSync(e.OPSDECK_OIDC_CLIENT_SECRET_FILE.trim(), 'utf8').trim() || undefined;
    } catch (err) {
      throw new Error(`OPSDECK_OIDC_CLIENT_SECRET_FILE: cannot read it (${(err as Error).message})`);
    }
  }
  const scopes = (e.OPSDECK_OIDC_SCOPES?.trim() || 'openid profile email').split(/[\s,]+/).filter(Boolean);
  if (!scopes.includes('openid')) scopes.unshift('openid');
  return {
    issuer,
    clientId,
    clientSecret,
    // the public URL may carry a path prefix; a trailing slash must not double
    redirectUri: `${origin.origin}${origin.pathname.replace(/\/+$/, '')}${OIDC_CALLBACK_PATH}`,
    scopes: scopes.join(' '),
    name: e.OPSDECK_OIDC_NAME?.trim().slice(0, 60) || 'single sign-on',
    roleClaim: e.OPSDECK_OIDC_ROLE_CLAIM?.trim() || 'groups',
    roleMap: parseRoleMap(e.OPSDECK_OIDC_ROLE_MAP),
    usernameClaim: e.OPSDECK_OIDC_USERNAME_CLAIM?.trim() || 'preferred_username',
    allowHttp,
  };
}
