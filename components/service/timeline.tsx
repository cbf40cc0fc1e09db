import { RelativeTime } from '@/components/ui/relative-time';
import type { TimelineEvent } from '@/lib/services/types';

const tone: Record<string, string> = {
  die: 'bg-red-500',
  oom: 'bg-red-600',
  kill: 'bg-red-400',
  health_status: 'bg-amber-500',
  start: 'bg-emerald-500',
  job: 'bg-sky-500',
  backup: 'bg-violet-500',
  deploy: 'bg-indigo-500',
  audit: 'bg-zinc-500',
};

export function Timeline({ events }: { events: TimelineEvent[] }) {
  if (events.length === 0)
    return <p className="text-sm text-zinc-500 dark:text-zinc-400">No events recorded yet.</p>;
  return (
    <ol className="space-y-1.5" data-testid="timeline">
      {events.map((e) => (
        <li key={e.id} data-kind={e.kind} className="flex items-baseline gap-3 text-sm">
          <span
            className={`mt-1 size-2 shrink-0 rounded-full ${tone[e.kind] ?? 'bg-zinc-400'}`}
            aria-hidden="true"
          />
          <span className="w-20 shrink-0 text-xs text-zinc-500 dark:text-zinc-400">
            <RelativeTime iso={e.at} />
          </span>
          <span className="min-w-0 break-words">{e.message}</span>
        </li>
      ))}
    </ol>
  );
}
