import type { WallService } from '@/lib/live/schemas';

const order = [
  { status: 'down', label: 'down', tone: 'text-red-400' },
  { status: 'degraded', label: 'degraded', tone: 'text-amber-300' },
  { status: 'unknown', label: 'unknown', tone: 'text-zinc-400' },
  { status: 'healthy', label: 'healthy', tone: 'text-emerald-400' },
] as const;

/** The room's first glance: how many services are down, degraded, unknown and healthy, big. */
export function WallCounts({ services }: { services: WallService[] }) {
  const counts = { down: 0, degraded: 0, unknown: 0, healthy: 0 };
  for (const s of services) counts[s.status]++;
  return (
    <ul
      className="flex flex-wrap items-baseline gap-x-8"
      aria-label="Service counts"
      data-testid="wall-counts"
    >
      {order.map((o) =>
        o.status === 'unknown' && counts.unknown === 0 ? null : (
          <li key={o.status} data-testid={`wall-count-${o.status}`} className="flex items-baseline gap-2">
            <span
              className={`text-6xl font-bold tabular-nums ${counts[o.status] > 0 ? o.tone : 'text-zinc-600'}`}
            >
              {counts[o.status]}
            </span>
            <span className="text-2xl text-zinc-400">{o.label}</span>
          </li>
        ),
      )}
    </ul>
  );
}
