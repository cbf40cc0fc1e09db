import { RelativeTime } from '@/components/ui/relative-time';
import type { Service } from '@/lib/services/types';

const availabilityTone = {
  active: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-500/15 dark:text-emerald-300',
  pause: 'bg-amber-100 text-amber-800 dark:bg-amber-500/15 dark:text-amber-300',
  drain: 'bg-amber-100 text-amber-800 dark:bg-amber-500/15 dark:text-amber-300',
  unknown: 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
} as const;

export function AvailabilityBadge({ availability }: { availability: keyof typeof availabilityTone }) {
  return (
    <span
      data-testid="node-availability"
      className={`rounded-md px-1.5 py-0.5 text-xs font-medium ${availabilityTone[availability]}`}
    >
      {availability}
    </span>
  );
}

/**
 * A swarm service across its nodes, as the manager reports it: desired vs running per node, then each
 * task meant to run with its state and the engine's error. Node names and errors are engine text:
 * rendered as text only.
 */
export function SwarmTasks({ swarm }: { swarm: NonNullable<Service['swarm']> }) {
  return (
    <section aria-labelledby="swarm-tasks-h" className="space-y-2" data-testid="swarm-tasks">
      <h2 id="swarm-tasks-h" className="text-lg font-semibold">
        Swarm tasks
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="swarm-summary">
        {swarm.summary}
        {swarm.updateStatus ? ` · last update: ${swarm.updateStatus}` : ''}
      </p>
      {swarm.nodes.length > 0 ? (
        <ul className="flex flex-wrap gap-2" aria-label="Per node">
          {swarm.nodes.map((n) => (
            <li
              key={n.nodeId}
              data-testid="swarm-node"
              data-running={n.running}
              data-desired={n.desired}
              className="flex min-w-0 items-center gap-2 rounded-lg border border-zinc-200 px-3 py-1.5 text-sm dark:border-zinc-800"
            >
              <span className="min-w-0 truncate font-medium" title={n.node}>
                {n.node}
              </span>
              <span className="tabular-nums">
                {n.running}/{n.desired} running
              </span>
              {n.availability !== 'active' ? <AvailabilityBadge availability={n.availability} /> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {swarm.tasks.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[32rem] text-left text-sm">
            <thead className="text-xs text-zinc-500 dark:text-zinc-400">
              <tr>
                <th className="py-1 pr-3 font-medium">Task</th>
                <th className="py-1 pr-3 font-medium">Node</th>
                <th className="py-1 pr-3 font-medium">State</th>
                <th className="py-1 pr-3 font-medium">Since</th>
                <th className="py-1 font-medium">Error / message</th>
              </tr>
            </thead>
            <tbody>
              {swarm.tasks.map((t) => (
                <tr
                  key={t.id}
                  data-testid="swarm-task"
                  data-state={t.state}
                  className="border-t border-zinc-100 dark:border-zinc-800"
                >
                  <td className="py-1 pr-3 font-mono text-xs">{t.name}</td>
                  <td className="max-w-[12rem] truncate py-1 pr-3" title={t.node ?? ''}>
                    {t.node ?? 'not assigned'}
                  </td>
                  <td
                    className={`py-1 pr-3 ${t.state === 'running' ? '' : 'text-amber-700 dark:text-amber-400'}`}
                  >
                    {t.state}
                  </td>
                  <td className="py-1 pr-3 text-xs text-zinc-500 dark:text-zinc-400">
                    <RelativeTime iso={t.updatedAt || null} />
                  </td>
                  <td className="break-words py-1 text-xs">
                    {t.error ?? (t.message && t.message !== t.state ? t.message : '')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">
          {swarm.tasksKnown ? 'No task is meant to run.' : 'The manager’s tasks have not been read yet.'}
        </p>
      )}
    </section>
  );
}
