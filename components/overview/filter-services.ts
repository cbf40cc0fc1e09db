import type { HealthStatus } from '@/lib/health/types';
import type { Service } from '@/lib/services/types';

export const statusOrder = { down: 0, unknown: 1, degraded: 2, healthy: 3 } as const satisfies Record<
  HealthStatus,
  number
>;

export type GroupBy = 'stack' | 'host';

export interface ServiceFilter {
  statuses: readonly HealthStatus[];
  text: string;
  /** only this engine's services; undefined: every engine */
  host?: string;
  /** default `stack`: a stack is one engine's (the same name on two engines is two stacks) */
  groupBy?: GroupBy;
}

export interface DisplayGroup {
  key: string;
  /** the stack of a stack group ('' for standalone containers); undefined in a host group */
  stack?: string;
  host: string;
  services: Service[];
}

export function countByStatus(services: Iterable<Service>): Record<HealthStatus, number> {
  const counts = { healthy: 0, degraded: 0, down: 0, unknown: 0 };
  for (const s of services) counts[s.status]++;
  return counts;
}

/**
 * Services matching the filter, grouped by stack (stacks in name order then host order, standalone
 * last) or by host (hosts in name order, services by stack then name).
 */
export function groupForDisplay(services: Iterable<Service>, filter: ServiceFilter): DisplayGroup[] {
  const text = filter.text.trim().toLowerCase();
  const byHost = filter.groupBy === 'host';
  const groups = new Map<string, DisplayGroup>();
  for (const s of services) {
    if (filter.statuses.length > 0 && !filter.statuses.includes(s.status)) continue;
    if (filter.host !== undefined && s.host !== filter.host) continue;
    if (text && !`${s.stack}/${s.name} ${s.image.ref} ${s.kind} ${s.host}`.toLowerCase().includes(text))
      continue;
    const key = byHost ? s.host : `${s.stack}\u0000${s.host}`;
    let group = groups.get(key);
    if (!group) {
      group = byHost
        ? { key, host: s.host, services: [] }
        : { key, stack: s.stack, host: s.host, services: [] };
      groups.set(key, group);
    }
    group.services.push(s);
  }
  for (const g of groups.values())
    g.services.sort((a, b) => a.stack.localeCompare(b.stack) || a.name.localeCompare(b.name));
  return [...groups.values()].sort((a, b) => {
    if (byHost) return a.host.localeCompare(b.host);
    if (a.stack !== b.stack)
      return a.stack === '' ? 1 : b.stack === '' ? -1 : (a.stack ?? '').localeCompare(b.stack ?? '');
    return a.host.localeCompare(b.host);
  });
}

/** The engines the services are on, in name order. */
export function hostsOf(services: Iterable<Service>): string[] {
  return [...new Set([...services].map((s) => s.host))].sort();
}
