import { env } from '@/lib/config/env';
import { roleScopes } from './permissions';
import { type Role, roles, type Scope } from './types';

/**
 * The roles whose users may open a terminal or run a command in a container (the `exec` scope):
 * OPSDECK_EXEC_ROLES, comma-separated, `admin` by default; `none` gives it to no role at all.
 */
export function execRoles(): readonly Role[] {
  const raw = env().OPSDECK_EXEC_ROLES.trim();
  if (raw === 'none' || raw === '') return [];
  return raw
    .split(',')
    .map((r) => r.trim())
    .filter((r): r is Role => (roles as readonly string[]).includes(r));
}

/** A role's effective scopes: the fixed ladder (permissions.ts), plus `exec` when the role is granted it. */
export function scopesOfRole(role: Role): readonly Scope[] {
  const base = roleScopes[role];
  return execRoles().includes(role) ? [...base, 'exec'] : base;
}
