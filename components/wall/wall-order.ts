import { statusOrder } from '@/components/overview/filter-services';
import type { WallService as Service } from '@/lib/live/schemas';

const queueOrder = { critical: 0, warn: 1, unknown: 2, ok: 3 } as const;

/** Worst first: status, then firing alerts, then queue level, then name. */
export function wallOrder(a: Service, b: Service): number {
  return (
    statusOrder[a.status] - statusOrder[b.status] ||
    b.alerts.firing - a.alerts.firing ||
    queueOrder[a.queue?.level ?? 'ok'] - queueOrder[b.queue?.level ?? 'ok'] ||
    `${a.stack}/${a.name}`.localeCompare(`${b.stack}/${b.name}`)
  );
}

/** The stacks to rotate through, in name order; an empty list means "all at once". */
export function wallStacks(services: Iterable<Service>, only: string | null): string[] {
  if (only) return [only];
  return [...new Set([...services].map((s) => s.stack))].sort();
}
