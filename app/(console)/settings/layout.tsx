import Link from 'next/link';
import type { ReactNode } from 'react';
import { canAdmin } from '@/lib/auth/permissions';
import { requirePrincipal } from '../../_lib/auth';

/** Settings: your account, your tokens, wall displays; users for admins. */
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const { principal } = await requirePrincipal('authenticated', '/settings');
  const tabs = [
    { href: '/settings', label: 'Account' },
    { href: '/settings/tokens', label: 'Tokens' },
    { href: '/settings/wall', label: 'Wall display' },
    ...(canAdmin(principal) ? [{ href: '/settings/users', label: 'Users' }] : []),
  ];
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <nav
        aria-label="Settings"
        className="flex flex-wrap gap-1 border-b border-zinc-200 pb-2 text-sm dark:border-zinc-800"
      >
        {tabs.map((t) => (
          <Link
            key={t.href}
            href={t.href}
            className="rounded-md px-2.5 py-1.5 text-zinc-700 hover:bg-zinc-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:text-zinc-300 dark:hover:bg-zinc-800"
          >
            {t.label}
          </Link>
        ))}
      </nav>
      {children}
    </div>
  );
}
