import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { principalFromCookies } from '@/lib/auth/authenticate';
import { canAdmin, canExec, canOperate, canRead, canReadWall } from '@/lib/auth/permissions';
import { principalFromProxy } from '@/lib/auth/proxy-auth';
import { safeNextPath } from '@/lib/auth/security-headers';
import type { Permission, Principal } from '@/lib/auth/types';
import { ensureBootstrapAdmin } from '@/lib/auth/users';

/**
 * The principal of the page request (session cookie, wall cookie, or trusted proxy header), or null.
 * The only place pages touch `next/headers` for auth; the logic lives in lib/auth.
 */
export async function currentPrincipal(): Promise<Principal | null> {
  await ensureBootstrapAdmin();
  const cookieHeader = (await cookies()).toString();
  const fromCookies = principalFromCookies(cookieHeader || null);
  if (fromCookies) return fromCookies;
  return principalFromProxy(new Request('http://opsdeck.local/', { headers: await headers() }));
}

const pageAllows: Record<Exclude<Permission, 'public'>, (p: Principal) => boolean> = {
  authenticated: () => true,
  wall: canReadWall,
  read: canRead,
  operate: (p) => canOperate(p),
  admin: canAdmin,
  exec: (p) => canExec(p),
};

/**
 * For server components: the principal when it holds `permission`. No principal → redirect to
 * `/login?next=<nextPath>`; a principal without the permission gets `allowed: false` so the page can
 * say so (a display-only wall cookie never sees console pages).
 */
export async function requirePrincipal(
  permission: Exclude<Permission, 'public'>,
  nextPath: string,
): Promise<{ principal: Principal; allowed: boolean }> {
  const principal = await currentPrincipal();
  if (!principal) redirect(`/login?next=${encodeURIComponent(safeNextPath(nextPath))}`);
  return { principal, allowed: pageAllows[permission](principal) };
}

/** For the wall page: a display token (via `/wall?token=`) or any session that may read; else /login. */
export async function requireWallPrincipal(): Promise<Principal> {
  const principal = await currentPrincipal();
  if (!principal || !canReadWall(principal)) redirect('/login?next=%2Fwall');
  return principal;
}
