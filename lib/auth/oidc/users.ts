import { randomUUID } from 'node:crypto';
import { authDb } from '../schema';
import type { Role } from '../types';
import { findUserById, publicUser, type User } from '../users';
import { forgetVerifiedTokens } from '../verified-tokens';
import { OidcRefused } from './messages';

export interface OidcIdentity {
  issuer: string;
  subject: string;
  username: string;
  /** from the role mapping, evaluated at this login */
  role: Role;
}

/**
 * The Opsdeck user of a provider identity (issuer + subject: names can change, subjects don't),
 * created on its first login (kind `oidc`, no password). Its role is the mapped one at every login,
 * so a change of groups at the provider takes effect at the next login. A disabled user stays refused;
 * a name held by another account (a local one above all) is never taken over.
 */
export function upsertOidcUser(identity: OidcIdentity, now = new Date()): User {
  const conn = authDb();
  const { changedRole, id } = conn
    .transaction(() => {
      const existing = conn
        .prepare('SELECT id, username, role, disabled FROM users WHERE oidc_issuer = ? AND oidc_subject = ?')
        .get(identity.issuer, identity.subject) as
        | { id: string; username: string; role: Role; disabled: number }
        | undefined;
      const holder = conn.prepare('SELECT id FROM users WHERE username = ?').get(identity.username) as
        | { id: string }
        | undefined;
      if (existing) {
        if (existing.disabled === 1) throw new OidcRefused('disabled', 'user is disabled', existing.username);
        // a renamed account keeps its old name while the new one belongs to someone else
        const username = !holder || holder.id === existing.id ? identity.username : existing.username;
        conn
          .prepare('UPDATE users SET role = ?, username = ?, last_login_at = ? WHERE id = ?')
          .run(identity.role, username, now.toISOString(), existing.id);
        return { id: existing.id, changedRole: existing.role !== identity.role };
      }
      if (holder)
        throw new OidcRefused(
          'name-taken',
          `user name ${identity.username} is another account's`,
          identity.username,
        );
      const newId = randomUUID();
      conn
        .prepare(
          `INSERT INTO users (id, username, password_hash, role, created_at, disabled, last_login_at, kind, oidc_issuer, oidc_subject)
           VALUES (?, ?, NULL, ?, ?, 0, ?, 'oidc', ?, ?)`,
        )
        .run(
          newId,
          identity.username,
          identity.role,
          now.toISOString(),
          now.toISOString(),
          identity.issuer,
          identity.subject,
        );
      return { id: newId, changedRole: false };
    })
    .immediate();
  // tokens this user minted are narrowed (or widened) to the new role from the next request
  if (changedRole) forgetVerifiedTokens();
  const user = findUserById(id);
  if (!user) throw new Error(`user ${id} vanished during its login`);
  return publicUser(user);
}

/**
 * A known user who now maps to no role (removed from the groups at the provider) is out: their open
 * sessions end now rather than when they expire. The account stays (its audit trail, its tokens'
 * creator); the next login that maps to a role brings it back.
 */
export function endSessionsOfIdentity(issuer: string, subject: string): number {
  return authDb()
    .prepare(
      'DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE oidc_issuer = ? AND oidc_subject = ?)',
    )
    .run(issuer, subject).changes;
}
