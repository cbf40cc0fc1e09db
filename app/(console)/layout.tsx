import { cookies } from 'next/headers';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Providers } from '@/components/providers';
import { KeyboardShortcuts } from '@/components/ui/keyboard-shortcuts';
import { LogoutButton } from '@/components/ui/logout-button';
import { parseTheme, THEME_COOKIE } from '@/components/ui/theme';
import { ThemeToggle } from '@/components/ui/theme-toggle';
import { currentPrincipal } from '../_lib/auth';

const nav = [
  { href: '/', label: 'Services' },
  { href: '/hosts', label: 'Hosts' },
  { href: '/alerts', label: 'Alerts' },
  { href: '/changes', label: 'Changes' },
  { href: '/audit', label: 'Audit' },
  { href: '/disk', label: 'Disk' },
  { href: '/notifications', label: 'Notify' },
  { href: '/docs', label: 'API' },
  { href: '/wall', label: 'Wall' },
  { href: '/settings', label: 'Settings' },
];

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const principal = await currentPrincipal();
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <Providers>
      <KeyboardShortcuts />
      <header className="sticky top-0 z-20 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/" className="text-base font-bold tracking-tight">
            Opsdeck
          </Link>
          <nav
            aria-label="Main"
            className="order-last flex w-full flex-wrap gap-1 text-sm sm:order-none sm:w-auto"
          >
            {nav.map((n) => (
              <Link
                key={n.href}
                href={n.href}
                className="rounded-md px-2.5 py-1.5 text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
              >
                {n.label}
              </Link>
            ))}
          </nav>
          {principal ? (
            <div className="ml-auto flex min-w-0 items-center gap-2 text-sm text-zinc-500 dark:text-zinc-400">
              <span data-testid="whoami" className="truncate">
                {principal.name}
                {principal.role ? ` · ${principal.role}` : ''}
              </span>
              <ThemeToggle initial={theme} />
              {principal.kind === 'user' ? <LogoutButton /> : null}
            </div>
          ) : null}
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-3 py-4 sm:px-4 sm:py-6">{children}</main>
    </Providers>
  );
}
