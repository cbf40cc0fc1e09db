'use client';

import { useSyncExternalStore } from 'react';

export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d`;
}

const TICK_MS = 5000;

/**
 * One clock for every relative time on the page: a single timer, running while something shows a
 * time, instead of one per row (the overview mounts rows as they scroll in).
 */
const clock = {
  now: Date.now(),
  listeners: new Set<() => void>(),
  timer: undefined as ReturnType<typeof setInterval> | undefined,
  subscribe(listener: () => void) {
    clock.listeners.add(listener);
    if (clock.timer === undefined) {
      // idle until now: the time read while rendering may be old, and React re-reads it after subscribing
      clock.now = Date.now();
      clock.timer = setInterval(() => {
        clock.now = Date.now();
        for (const l of clock.listeners) l();
      }, TICK_MS);
    }
    return () => {
      clock.listeners.delete(listener);
      if (clock.listeners.size === 0) {
        clearInterval(clock.timer);
        clock.timer = undefined;
      }
    };
  },
  snapshot: () => clock.now,
  // on the server, the time of this render; in the browser, while hydrating, the shared clock's
  serverSnapshot: () => (typeof window === 'undefined' ? Date.now() : clock.now),
};

/** The shared clock's time (ms), updated every 5 s while any component reads it. */
export function useNow(): number {
  return useSyncExternalStore(clock.subscribe, clock.snapshot, clock.serverSnapshot);
}

/** "3m ago", refreshed every few seconds, with the absolute time on hover. */
export function RelativeTime({ iso, suffix = ' ago' }: { iso: string | null; suffix?: string }) {
  const now = useNow();
  if (!iso) return <span className="text-zinc-500 dark:text-zinc-400">—</span>;
  const t = Date.parse(iso);
  return (
    <time dateTime={iso} title={new Date(t).toLocaleString()} suppressHydrationWarning>
      {formatAge(now - t)}
      {suffix}
    </time>
  );
}
