import { RelativeTime } from '@/components/ui/relative-time';
import type { IncidentEvent } from '@/lib/services/types';

const dot: Record<IncidentEvent['severity'], string> = {
  critical: 'bg-red-500',
  warning: 'bg-amber-500',
  ok: 'bg-emerald-500',
  info: 'bg-zinc-400',
};

const kindLabel: Record<IncidentEvent['kind'], string> = {
  alert: 'alert',
  health: 'health',
  action: 'action',
  deploy: 'deploy',
  backup: 'backup',
  probe: 'probe',
  silence: 'silence',
  container: 'container',
  notification: 'notify',
};

type Member = NonNullable<IncidentEvent['members']>[number];

function Line({ e, service }: { e: Member; service?: string }) {
  return (
    <>
      <span className={`mt-1.5 size-2 shrink-0 rounded-full ${dot[e.severity]}`} aria-hidden="true" />
      <span className="w-20 shrink-0 text-xs text-zinc-500 dark:text-zinc-400">
        <RelativeTime iso={e.at} />
      </span>
      <span className="w-16 shrink-0 text-xs uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
        {kindLabel[e.kind]}
      </span>
      {service ? (
        <span className="shrink-0 font-mono text-xs text-zinc-500 dark:text-zinc-400">{service}</span>
      ) : null}
      {/* summaries carry container names, labels and annotations: untrusted, rendered as text only */}
      <span className="min-w-0 break-words" data-testid="incident-summary">
        {e.summary}
      </span>
    </>
  );
}

/**
 * The incident story, newest first. A collapsed repeat ("restarted 14× in 3 min") opens to its
 * members. `serviceName` labels each line with its service on the stack and deployment views.
 */
export function IncidentList({
  events,
  serviceName,
}: {
  events: IncidentEvent[];
  serviceName?: (serviceId: string) => string;
}) {
  if (events.length === 0)
    return <p className="text-sm text-zinc-500 dark:text-zinc-400">Nothing recorded in this range.</p>;
  return (
    <ol className="space-y-1.5 text-sm" data-testid="incident-timeline">
      {events.map((e) => (
        <li key={e.id} data-kind={e.kind} data-severity={e.severity}>
          {e.members ? (
            <details data-testid="incident-collapsed">
              <summary className="flex cursor-pointer items-baseline gap-3">
                <Line e={e} service={serviceName?.(e.serviceId)} />
                <span className="shrink-0 text-xs text-zinc-500 dark:text-zinc-400">
                  ({e.members.length} events)
                </span>
              </summary>
              <ol className="ml-6 mt-1 space-y-1 border-l border-zinc-200 pl-3 dark:border-zinc-700">
                {e.members.map((m) => (
                  <li key={m.id} className="flex items-baseline gap-3" data-testid="incident-member">
                    <Line e={m} />
                  </li>
                ))}
              </ol>
            </details>
          ) : (
            <div className="flex items-baseline gap-3">
              <Line e={e} service={serviceName?.(e.serviceId)} />
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
