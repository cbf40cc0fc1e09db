import type { HealthStatus } from '@/lib/health/types';
import type { Service } from '@/lib/services/types';

export const statusOrder = { down: 0, unknown: 1, degraded: 2, healthy: 3 } as const satisfies Record<
  HealthStatus,
  number
>;

export interface ServiceFilter {
  statuses: readonly HealthStatus[];
  text: string;
}

export function countByStatus(services: Iterable<Service>): Record<HealthStatus, number> {
  const counts = { healthy: 0, degraded: 0, down: 0, unknown: 0 };
  for (const s of services) counts[s.status]++;
  return counts;
}

/** Services matching the filter, grouped by stack (stacks in name order, standalone last). */
export function groupForDisplay(services: Iterable<Service>, filter: ServiceFilter): [string, Service[]][] {
  const text = filter.text.trim().toLowerCase();
  const groups = new Map<string, Service[]>();
  for (const s of services) {
    if (filter.statuses.length > 0 && !filter.statuses.includes(s.status)) continue;
    if (text && !`${s.stack}/${s.name} ${s.image.ref} ${s.kind}`.toLowerCase().includes(text)) continue;
    const key = s.stack || '';
    const list = groups.get(key) ?? [];
    list.push(s);
    groups.set(key, list);
  }
  for (const list of groups.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  return [...groups.entries()].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
}
