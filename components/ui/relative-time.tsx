'use client';

import { useEffect, useState } from 'react';

export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d`;
}

/** "3m ago", refreshed every few seconds, with the absolute time on hover. */
export function RelativeTime({ iso, suffix = ' ago' }: { iso: string | null; suffix?: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(t);
  }, []);
  if (!iso) return <span className="text-zinc-500 dark:text-zinc-400">—</span>;
  const t = Date.parse(iso);
  return (
    <time dateTime={iso} title={new Date(t).toLocaleString()} suppressHydrationWarning>
      {formatAge(now - t)}
      {suffix}
    </time>
  );
}
