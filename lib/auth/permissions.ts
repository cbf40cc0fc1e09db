import type { Principal, Role, Scope } from './types';

/** A role's scopes: each role includes the ones below it. `display` is a token-only scope. */
export const roleScopes = {
  viewer: ['read'],
  operator: ['read', 'operate'],
  admin: ['read', 'operate', 'admin'],
} as const satisfies Record<Role, readonly Scope[]>;

const has = (p: Principal, s: Scope) => p.scopes.includes(s);

/** Something a principal may be limited to: a service by id, by `stack/name`, or a whole stack. */
export interface ServiceTarget {
  id: string;
  stack: string;
  name: string;
}

export function withinServiceLimit(p: Principal, target: ServiceTarget | undefined): boolean {
  if (p.services === null) return true;
  if (!target) return false;
  return p.services.some(
    (s) => s === target.id || s === `${target.stack}/${target.name}` || s === target.stack,
  );
}

/** Read the whole console and API (everything but secrets). The display scope is not enough. */
export const canRead = (p: Principal) => has(p, 'read') || has(p, 'admin');
/** Read what the wall display shows: service status, queue level, firing alerts. */
export const canReadWall = (p: Principal) => canRead(p) || has(p, 'display');
/** Restart, scale, roll back, deploy, back up, verify, silence. */
export const canOperate = (p: Principal, target?: ServiceTarget) =>
  (has(p, 'operate') || has(p, 'admin')) && withinServiceLimit(p, target);
/** Users, tokens of others, settings, restore. */
export const canAdmin = (p: Principal) => has(p, 'admin');
/**
 * Downloading a backup hands out all of a service's data (secrets included) to be read anywhere:
 * its own permission, admins by default (`backups.download` declares `admin`).
 */
export const canDownloadBackup = (p: Principal, target?: ServiceTarget) =>
  canAdmin(p) && withinServiceLimit(p, target);
/** Restoring replaces data: admins only. */
export const canRestore = (p: Principal, target?: ServiceTarget) =>
  canAdmin(p) && withinServiceLimit(p, target);
/**
 * A shell or a command inside a service's containers: its own scope, held by the roles
 * OPSDECK_EXEC_ROLES names (admins by default) and by tokens minted with it. Never with the display
 * scope: what sits on a wall must not open a shell.
 */
export const canExec = (p: Principal, target?: ServiceTarget) =>
  has(p, 'exec') && !has(p, 'display') && withinServiceLimit(p, target);
/**
 * Minting a token: only scopes the principal holds itself, and only by a logged-in user. A display
 * token never carries exec (it ends up in a browser on a wall).
 */
export const canMintScopes = (p: Principal, wanted: readonly Scope[]) =>
  p.kind !== 'token' &&
  !(wanted.includes('display') && wanted.includes('exec')) &&
  wanted.every((s) => has(p, s) || (s === 'display' && canRead(p)));
