import type { Metadata } from 'next';
import { refusalMessage } from '@/lib/auth/oidc/messages';
import { safeNextPath } from '@/lib/auth/security-headers';
import { ensureBootstrapAdmin, NO_USERS_MESSAGE } from '@/lib/auth/users';
import { env } from '@/lib/config/env';
import { LoginForm } from './login-form';
import { SingleSignOn } from './single-sign-on';

export const metadata: Metadata = { title: 'Log in' };
export const dynamic = 'force-dynamic';

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[]; sso?: string | string[] }>;
}) {
  const { next, sso } = await searchParams;
  const nextPath = safeNextPath(typeof next === 'string' ? next : undefined);
  const closed = (await ensureBootstrapAdmin()) === 'no-admin-password';
  const oidc = env().oidc;
  // only a known code is shown, as fixed text: nothing from the URL reaches the page
  const ssoError = refusalMessage(typeof sso === 'string' ? sso : undefined);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h1 className="mb-6 text-xl font-bold tracking-tight">Opsdeck</h1>
        {oidc && <SingleSignOn name={oidc.name} nextPath={nextPath} error={ssoError} />}
        {closed ? (
          <p
            role="alert"
            className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
          >
            {NO_USERS_MESSAGE}. The console stays closed until an admin password is configured.
          </p>
        ) : (
          <LoginForm nextPath={nextPath} />
        )}
      </div>
    </main>
  );
}
