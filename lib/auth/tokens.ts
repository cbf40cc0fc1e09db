import { randomUUID } from 'node:crypto';
import { badRequest, notFound } from '@/lib/errors';
import { randomSecret, sha256Hex } from './crypto';
import { scopesOfRole } from './role-scopes';
import { authDb } from './schema';
import { scopes as allScopes, type Principal, type Role, type Scope } from './types';
import { forgetVerifiedTokens, recallToken, rememberToken, type VerifiedToken } from './verified-tokens';

export const TOKEN_PREFIX = 'opsdeck_';

export interface TokenInfo {
  id: string;
  name: string;
  scopes: Scope[];
  /** services or stacks this token is limited to; null: all */
  services: string[] | null;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface NewTokenInput {
  name: string;
  scopes: readonly Scope[];
  services?: readonly string[] | null;
  expiresAt?: string | Date | null;
  /** user id of whoever minted it */
  createdBy?: string | null;
}

interface TokenRow {
  id: string;
  name: string;
  secret_hash: string;
  scopes: string;
  services: string | null;
  created_by: string | null;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

const isScope = (s: unknown): s is Scope =>
  typeof s === 'string' && (allScopes as readonly string[]).includes(s);

function parseList(json: string | null): string[] | null {
  if (json === null) return null;
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

const fromRow = (r: TokenRow): TokenInfo => ({
  id: r.id,
  name: r.name,
  scopes: (parseList(r.scopes) ?? []).filter(isScope),
  services: parseList(r.services),
  createdBy: r.created_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

/**
 * Mints an API token and returns its secret — the only time it is visible; the store keeps its
 * sha256. Authorisation (who may mint which scopes) is the caller's job: see `canMintScopes`.
 */
export function createToken(input: NewTokenInput): { id: string; token: string; info: TokenInfo } {
  if (input.scopes.length === 0) throw badRequest('scopes: at least one scope');
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && Number.isNaN(expiresAt.getTime())) throw badRequest('expiresAt: not a date');
  if (expiresAt && expiresAt.getTime() <= Date.now()) throw badRequest('expiresAt: must be in the future');
  const id = randomUUID();
  const token = `${TOKEN_PREFIX}${randomSecret(32)}`;
  const services = input.services && input.services.length > 0 ? [...new Set(input.services)] : null;
  authDb()
    .prepare(
      `INSERT INTO tokens (id, name, secret_hash, scopes, services, created_by, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      id,
      input.name,
      sha256Hex(token),
      JSON.stringify([...new Set(input.scopes)]),
      services ? JSON.stringify(services) : null,
      input.createdBy ?? null,
      new Date().toISOString(),
      expiresAt?.toISOString() ?? null,
    );
  return { id, token, info: getToken(id) };
}

export function getToken(id: string): TokenInfo {
  const row = authDb().prepare('SELECT * FROM tokens WHERE id = ?').get(id) as TokenRow | undefined;
  if (!row) throw notFound(`No token with id ${id}`);
  return fromRow(row);
}

/** Tokens without secrets; `createdBy` narrows to one user's tokens. Revoked tokens are left out. */
export function listTokens(filter: { createdBy?: string } = {}): TokenInfo[] {
  const rows = (
    filter.createdBy === undefined
      ? authDb().prepare('SELECT * FROM tokens WHERE revoked_at IS NULL ORDER BY created_at')
      : authDb().prepare(
          'SELECT * FROM tokens WHERE revoked_at IS NULL AND created_by = ? ORDER BY created_at',
        )
  ).all(...(filter.createdBy === undefined ? [] : [filter.createdBy])) as TokenRow[];
  return rows.map(fromRow);
}

export function revokeToken(id: string): void {
  const changed = authDb()
    .prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
    .run(new Date().toISOString(), id).changes;
  forgetVerifiedTokens();
  if (changed === 0) throw notFound(`No token with id ${id}`);
}

/** Effective scopes: operate includes read, admin includes both, like the roles; display stays alone. */
export function expandScopes(scopes: readonly Scope[]): Scope[] {
  const out = new Set<Scope>(scopes);
  if (out.has('admin')) out.add('operate');
  if (out.has('operate')) out.add('read');
  return allScopes.filter((s) => out.has(s));
}

/**
 * A token never outranks the user who minted it: demoting that user narrows the token, disabling or
 * deleting the user kills it. Tokens minted by the system (tests, bootstrap scripts) have no owner.
 */
function creatorScopes(createdBy: string | null): readonly Scope[] | 'any' | null {
  if (createdBy === null) return 'any';
  const owner = authDb().prepare('SELECT role, disabled FROM users WHERE id = ?').get(createdBy) as
    | { role: Role; disabled: number }
    | undefined;
  if (!owner || owner.disabled === 1) return null;
  return [...scopesOfRole(owner.role), 'display'];
}

/** The principal of a bearer token, or null when unknown, revoked or expired. */
export function principalForToken(token: string, now = new Date()): Principal | null {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const db = authDb();
  const hash = sha256Hex(token);
  const nowMs = Date.now();
  const recalled = recallToken(db, hash, nowMs);
  const verified = recalled.fresh
    ? recalled.entry
    : lookUpToken(db, hash, nowMs, recalled.entry?.usedWrittenAt ?? 0);
  if (!verified) return null;
  if (verified.expiresAt && Date.parse(verified.expiresAt) <= now.getTime()) return null;
  // Scripts poll: record use at most once a minute instead of writing on every request.
  if (nowMs - verified.usedWrittenAt >= 60_000) {
    verified.usedWrittenAt = nowMs;
    db.prepare(
      'UPDATE tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)',
    ).run(now.toISOString(), verified.id, new Date(now.getTime() - 60_000).toISOString());
  }
  const { ownerScopes } = verified;
  return {
    kind: 'token',
    id: verified.id,
    name: `token:${verified.id}`,
    label: verified.name,
    createdBy: verified.createdBy,
    scopes: expandScopes(verified.scopes).filter((s) => ownerScopes === 'any' || ownerScopes.includes(s)),
    services: verified.services,
    via: 'bearer',
  };
}

function lookUpToken(
  db: ReturnType<typeof authDb>,
  hash: string,
  nowMs: number,
  usedWrittenAt: number,
): VerifiedToken | null {
  const row = db.prepare('SELECT * FROM tokens WHERE secret_hash = ? AND revoked_at IS NULL').get(hash) as
    | TokenRow
    | undefined;
  if (!row) return null;
  const info = fromRow(row);
  const ownerScopes = creatorScopes(info.createdBy);
  if (ownerScopes === null) return null;
  const verified: VerifiedToken = {
    ...info,
    ownerScopes,
    checkedAt: nowMs,
    usedWrittenAt,
  };
  rememberToken(db, hash, verified);
  return verified;
}
