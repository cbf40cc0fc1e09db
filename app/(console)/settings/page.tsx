import type { Metadata } from 'next';
import { PasswordForm } from '@/components/settings/password-form';
import { findUserById } from '@/lib/auth/users';
import { requirePrincipal } from '../../_lib/auth';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Account' };

export default async function AccountPage() {
  const { principal } = await requirePrincipal('authenticated', '/settings');
  // a single sign-on user's password lives at the identity provider
  const local = principal.kind === 'user' && findUserById(principal.id)?.kind === 'local';
  return (
    <section aria-labelledby="account-h" className="space-y-3">
      <h2 id="account-h" className="text-lg font-semibold">
        {principal.name}
        {principal.role ? (
          <span className="text-sm font-normal text-zinc-500 dark:text-zinc-400"> · {principal.role}</span>
        ) : null}
      </h2>
      {local ? (
        <PasswordForm />
      ) : (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">
          This account is managed outside Opsdeck: it has no password here.
        </p>
      )}
    </section>
  );
}
