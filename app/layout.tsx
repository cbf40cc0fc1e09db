import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import type { ReactNode } from 'react';
import { parseTheme, THEME_COOKIE } from '@/components/ui/theme';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Opsdeck', template: '%s · Opsdeck' },
  description: 'Ops console for Docker stacks with Prometheus beside them',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // the remembered theme is applied by the server: the first paint is right, with no inline script
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" suppressHydrationWarning data-theme={theme ?? undefined}>
      <body className="min-h-screen bg-zinc-50 font-sans text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        {children}
      </body>
    </html>
  );
}
