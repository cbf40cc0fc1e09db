'use client';

import { formatAge } from '@/components/ui/relative-time';
import type { Matcher, Silence } from '@/lib/prometheus/schemas';
import { useSilenceMutations } from './use-alerts';

function matcherText(m: Matcher): string {
  return `${m.name}${m.isEqual ? '' : '!'}${m.isRegex ? '=~' : '='}"${m.value}"`;
}

/** Active and pending silences, with who made them, why, until when, and an Expire button. */
export function SilencesList({ silences, canExpire }: { silences: Silence[]; canExpire: boolean }) {
  const { expire } = useSilenceMutations();
  if (silences.length === 0)
    return <p className="text-sm text-zinc-500 dark:text-zinc-400">No active silences.</p>;
  return (
    <ul className="space-y-2" data-testid="silences">
      {silences.map((s) => (
        <li
          key={s.id}
          data-testid="silence"
          data-silence={s.id}
          className="rounded-md border border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800"
        >
          <div className="flex flex-wrap items-center gap-2">
            <span className="min-w-0 break-all font-mono text-xs">
              {s.matchers.map(matcherText).join(', ')}
            </span>
            <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs dark:bg-zinc-800">
              {s.status.state}
            </span>
            {canExpire ? (
              <button
                type="button"
                disabled={expire.isPending}
                onClick={() => expire.mutate(s.id)}
                className="ml-auto rounded border px-2 py-0.5 text-xs hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
              >
                Expire
              </button>
            ) : null}
          </div>
          <p className="mt-1 break-words text-zinc-600 dark:text-zinc-400">
            {s.comment} — {s.createdBy},{' '}
            <time dateTime={s.endsAt} title={new Date(s.endsAt).toLocaleString()}>
              ends in {formatAge(Date.parse(s.endsAt) - Date.now())}
            </time>
          </p>
        </li>
      ))}
      {expire.error ? (
        <li role="alert" className="text-sm text-red-700 dark:text-red-400">
          {expire.error.message}
        </li>
      ) : null}
    </ul>
  );
}
