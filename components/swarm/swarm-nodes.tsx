import type { Host } from '@/lib/hosts/schemas';
import { AvailabilityBadge } from './swarm-tasks';

/** A manager's swarm: every node with role, availability and state. Hostnames are engine text. */
export function SwarmNodes({ swarm }: { swarm: NonNullable<Host['swarm']> }) {
  return (
    <div className="mt-3" data-testid="swarm-nodes">
      <h3 className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
        Swarm nodes ({swarm.nodes.length})
      </h3>
      <ul className="mt-1 space-y-1">
        {swarm.nodes.map((n) => (
          <li
            key={n.id}
            data-testid="swarm-node-row"
            data-availability={n.availability}
            data-role={n.role}
            className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-0.5"
          >
            <span className="min-w-0 truncate font-medium" title={n.hostname}>
              {n.label}
            </span>
            <span className="text-xs text-zinc-500 dark:text-zinc-400">
              {n.role}
              {n.leader ? ' (leader)' : ''}
            </span>
            <AvailabilityBadge availability={n.availability} />
            <span
              data-testid="node-state"
              className={`text-xs ${n.state === 'ready' ? 'text-zinc-500 dark:text-zinc-400' : 'text-red-700 dark:text-red-400'}`}
            >
              {n.state}
              {n.message && n.state !== 'ready' ? `: ${n.message}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
