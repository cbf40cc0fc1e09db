import { env } from '@/lib/config/env';
import { randomSecret, sha256Hex } from './crypto';
import { scopesOfRole } from './role-scopes';
import { authDb } from './schema';
import type { Principal, Role } from './types';

/** Sessions slide: each use extends them to this long after the last use… */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** …but never past OPSDECK_SESSION_MAX_HOURS after the login, however busy (a stolen cookie ages out). */
const absoluteEnd = (createdAt: number) => createdAt + env().OPSDECK_SESSION_MAX_HOURS * 3_600_000;
/** Writing the new expiry on every request is wasted I/O; a minute of slack is enough. */
const SLIDE_AFTER_MS = 60 * 1000;

export interface NewSession {
  /** The secret for the cookie; only its sha256 is stored. */
  id: string;
  expiresAt: Date;
}

export function createSession(userId: string, now = new Date()): NewSession {
  const id = randomSecret(32);
  const expiresAt = new Date(Math.min(now.getTime() + SESSION_TTL_MS, absoluteEnd(now.getTime())));
  authDb()
    .prepare('INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
    .run(sha256Hex(id), userId, now.toISOString(), expiresAt.toISOString());
  return { id, expiresAt };
}

interface SessionRow {
  id_hash: string;
  created_at: string;
  expires_at: string;
  user_id: string;
  username: string;
  role: Role;
  disabled: number;
}

/** The user principal of a session cookie value, or null when unknown, expired or the user is disabled. */
export function principalForSession(sessionId: string, now = new Date()): Principal | null {
  if (!sessionId || sessionId.length > 200) return null;
  const idHash = sha256Hex(sessionId);
  const row = authDb()
    .prepare(
      `SELECT s.id_hash, s.created_at, s.expires_at, u.id AS user_id, u.username, u.role, u.disabled
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`,
    )
    .get(idHash) as SessionRow | undefined;
  if (!row) return null;
  const expiresAt = Date.parse(row.expires_at);
  const end = absoluteEnd(Date.parse(row.created_at));
  if (expiresAt <= now.getTime() || !(end > now.getTime())) {
    authDb().prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
    return null;
  }
  if (row.disabled === 1) return null;
  const slid = Math.min(now.getTime() + SESSION_TTL_MS, end);
  if (slid - expiresAt > SLIDE_AFTER_MS) {
    authDb()
      .prepare('UPDATE sessions SET expires_at = ? WHERE id_hash = ?')
      .run(new Date(slid).toISOString(), idHash);
  }
  return {
    kind: 'user',
    id: row.user_id,
    name: row.username,
    scopes: scopesOfRole(row.role),
    services: null,
    role: row.role,
    sessionId: idHash,
    via: 'cookie',
  };
}

/** Ends a session; accepts the cookie value or the stored hash (`Principal.sessionId`). */
export function deleteSession(sessionIdOrHash: string): void {
  authDb()
    .prepare('DELETE FROM sessions WHERE id_hash = ? OR id_hash = ?')
    .run(sessionIdOrHash, sha256Hex(sessionIdOrHash));
}

export function purgeExpiredSessions(now = new Date()): number {
  return authDb().prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now.toISOString()).changes;
}
