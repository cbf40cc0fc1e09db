import { randomUUID } from 'node:crypto';
import { env } from '@/lib/config/env';
import { badRequest, conflict, notFound } from '@/lib/errors';
import { logger } from '@/lib/log/logger';
import { hashPassword, verifyPassword } from './passwords';
import { authDb } from './schema';
import type { Role } from './types';
import { forgetVerifiedTokens } from './verified-tokens';

/** `local`: a password kept here; `oidc`: signs in through the OpenID Connect provider, no password. */
export type UserKind = 'local' | 'oidc';

export interface User {
  id: string;
  username: string;
  role: Role;
  createdAt: string;
  disabled: boolean;
  lastLoginAt: string | null;
  kind: UserKind;
}

export interface UserRecord extends User {
  /** null for an OIDC user: no password can ever match it */
  passwordHash: string | null;
  oidcIssuer: string | null;
  oidcSubject: string | null;
}

interface UserRow {
  id: string;
  username: string;
  password_hash: string | null;
  role: Role;
  created_at: string;
  disabled: number;
  last_login_at: string | null;
  kind: UserKind;
  oidc_issuer: string | null;
  oidc_subject: string | null;
}

const fromRow = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  role: r.role,
  createdAt: r.created_at,
  disabled: r.disabled === 1,
  lastLoginAt: r.last_login_at,
  kind: r.kind,
  passwordHash: r.password_hash,
  oidcIssuer: r.oidc_issuer,
  oidcSubject: r.oidc_subject,
});

/** The user without its password hash: what the API shows. */
export function publicUser(u: UserRecord | User): User {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    createdAt: u.createdAt,
    disabled: u.disabled,
    lastLoginAt: u.lastLoginAt,
    kind: u.kind,
  };
}

export function countUsers(): number {
  return (authDb().prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
}

export function findUserByName(username: string): UserRecord | null {
  const row = authDb().prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
  return row ? fromRow(row) : null;
}

export function findUserById(id: string): UserRecord | null {
  const row = authDb().prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  return row ? fromRow(row) : null;
}

export function getUser(id: string): UserRecord {
  const user = findUserById(id);
  if (!user) throw notFound(`No user with id ${id}`);
  return user;
}

export function listUsers(): User[] {
  return (authDb().prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map((r) =>
    publicUser(fromRow(r)),
  );
}

export async function createUser(input: { username: string; password: string; role: Role }): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  const user: UserRecord = {
    id: randomUUID(),
    username: input.username,
    role: input.role,
    createdAt: new Date().toISOString(),
    disabled: false,
    lastLoginAt: null,
    kind: 'local',
    passwordHash,
    oidcIssuer: null,
    oidcSubject: null,
  };
  try {
    authDb()
      .prepare(
        'INSERT INTO users (id, username, password_hash, role, created_at, disabled) VALUES (?, ?, ?, ?, ?, 0)',
      )
      .run(user.id, user.username, user.passwordHash, user.role, user.createdAt);
  } catch (err) {
    if (err instanceof Error && err.message.includes('UNIQUE'))
      throw conflict(`User ${input.username} exists`);
    throw err;
  }
  return publicUser(user);
}

export async function updateUser(
  id: string,
  change: { role?: Role; password?: string; disabled?: boolean },
): Promise<User> {
  const user = getUser(id);
  if (change.password && user.kind !== 'local') throw badRequest(NO_PASSWORD(user.username));
  if ((change.role && change.role !== 'admin') || change.disabled) assertNotLastAdmin(user);
  const passwordHash = change.password ? await hashPassword(change.password) : user.passwordHash;
  const role = change.role ?? user.role;
  const disabled = change.disabled ?? user.disabled;
  authDb().transaction(() => {
    authDb()
      .prepare('UPDATE users SET role = ?, password_hash = ?, disabled = ? WHERE id = ?')
      .run(role, passwordHash, disabled ? 1 : 0, id);
    // A new password or a disabled account ends every open session of that user.
    if (change.password || disabled) authDb().prepare('DELETE FROM sessions WHERE user_id = ?').run(id);
  })();
  // The user's tokens are narrowed (role) or ended (disabled) from the next request.
  forgetVerifiedTokens();
  return publicUser(getUser(id));
}

const NO_PASSWORD = (name: string) =>
  `${name} signs in through single sign-on and has no password here: change it at the identity provider`;

export function recordLogin(id: string, at = new Date()): void {
  authDb().prepare('UPDATE users SET last_login_at = ? WHERE id = ?').run(at.toISOString(), id);
}

/**
 * A user changes their own password: the current one must be right (a stolen session alone cannot
 * take the account over). Every session of theirs ends, this one included: they log in again.
 */
export async function changeOwnPassword(id: string, current: string, next: string): Promise<void> {
  const user = getUser(id);
  if (user.kind !== 'local') throw badRequest(NO_PASSWORD(user.username));
  if (!(await verifyPassword(user.passwordHash, current))) throw badRequest('The current password is wrong');
  await updateUser(id, { password: next });
}

export function deleteUser(id: string): void {
  const user = getUser(id);
  assertNotLastAdmin(user);
  authDb().prepare('DELETE FROM users WHERE id = ?').run(id);
  forgetVerifiedTokens();
}

/** Removing or demoting the last enabled admin would lock everyone out of user management. */
function assertNotLastAdmin(user: UserRecord): void {
  if (user.role !== 'admin' || user.disabled) return;
  const admins = authDb()
    .prepare("SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND disabled = 0")
    .get() as {
    n: number;
  };
  if (admins.n <= 1) throw conflict('This is the last enabled admin: create another admin first');
}

export type BootstrapState = 'ready' | 'no-admin-password';

let bootstrapping: Promise<BootstrapState> | undefined;
/** Stores known to have users: once there is one, the last admin cannot be removed, so it stays so. */
const bootstrapped = new WeakSet<object>();

/**
 * With an empty users table, creates `admin` from OPSDECK_ADMIN_PASSWORD. Never a default password and
 * never a first-admin page: without users and without that variable, the console stays closed.
 */
export function ensureBootstrapAdmin(): Promise<BootstrapState> {
  if (bootstrapped.has(authDb())) return Promise.resolve('ready');
  if (countUsers() > 0) {
    bootstrapped.add(authDb());
    return Promise.resolve('ready');
  }
  bootstrapping ??= (async (): Promise<BootstrapState> => {
    const password = env().OPSDECK_ADMIN_PASSWORD;
    if (!password) return 'no-admin-password';
    if (countUsers() > 0) return 'ready';
    await createUser({ username: 'admin', password, role: 'admin' });
    logger().info('created the admin user from OPSDECK_ADMIN_PASSWORD');
    return 'ready';
  })().finally(() => {
    bootstrapping = undefined;
  });
  return bootstrapping;
}

export const NO_USERS_MESSAGE = 'No users yet: set OPSDECK_ADMIN_PASSWORD and restart';
