'use client';

import { useEffect, useState } from 'react';
import { THEME_COOKIE, type Theme } from './theme';

/**
 * Dark/light, remembered in a cookie the server reads to render the right theme on the first paint
 * (no script before paint: the CSP allows none). Without a choice the system's preference applies.
 */
export function ThemeToggle({ initial }: { initial: Theme | null }) {
  const [theme, setTheme] = useState<Theme | null>(initial);
  const [system, setSystem] = useState<Theme>('light');
  // read after mount: the server cannot know the system preference, and the first render must match it
  useEffect(() => setSystem(matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'), []);
  const current: Theme = theme ?? system;
  const next: Theme = current === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
      data-testid="theme-toggle"
      onClick={() => {
        // biome-ignore lint/suspicious/noDocumentCookie: a fixed value from a two-word union (nothing to escape); cookieStore is not in every browser yet
        document.cookie = `${THEME_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
        document.documentElement.dataset.theme = next;
        setTheme(next);
      }}
      className="rounded-md px-2 py-1.5 text-sm text-zinc-600 hover:bg-zinc-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:text-zinc-400 dark:hover:bg-zinc-800"
    >
      <span aria-hidden="true">{current === 'dark' ? '☾' : '☀'}</span>
    </button>
  );
}
