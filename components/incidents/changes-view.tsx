'use client';

import { useState } from 'react';
import type { IncidentKind } from '@/lib/services/schemas';
import { IncidentList } from './incident-list';
import { KindFilter } from './kind-filter';
import { LoadOlder } from './load-older';
import { useChanges } from './use-incident-timeline';

const ranges = ['15m', '1h', '6h', '24h', '7d'] as const;

/** "What changed in the last hour": every visible service's story, or one stack's. */
export function ChangesView({ stacks, initialStack }: { stacks: string[]; initialStack?: string }) {
  const [since, setSince] = useState<string>('1h');
  const [stack, setStack] = useState<string | undefined>(initialStack);
  const [kinds, setKinds] = useState<IncidentKind[]>([]);
  const q = useChanges(since, stack, kinds);
  const services = Object.assign({}, ...(q.data?.pages.map((p) => p.services) ?? [])) as Record<
    string,
    { stack: string; name: string }
  >;
  const events = q.data?.pages.flatMap((p) => p.events) ?? [];
  const name = (id: string) =>
    services[id] ? `${services[id].stack}/${services[id].name}` : id.slice(0, 12);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <h1 className="text-xl font-semibold">What changed</h1>
        <label className="flex items-center gap-1">
          in the last
          <select
            className="rounded border px-1 py-0.5 dark:bg-zinc-900"
            value={since}
            onChange={(e) => setSince(e.target.value)}
            data-testid="changes-since"
          >
            {ranges.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1">
          stack
          <select
            className="rounded border px-1 py-0.5 dark:bg-zinc-900"
            value={stack ?? ''}
            onChange={(e) => setStack(e.target.value || undefined)}
            data-testid="changes-stack"
          >
            <option value="">all stacks</option>
            {stacks.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </div>
      <KindFilter value={kinds} onChange={setKinds} />
      {q.error ? <p className="text-sm text-red-600">Could not load changes: {q.error.message}</p> : null}
      <IncidentList events={events} serviceName={name} />
      <LoadOlder pages={q} label="Older changes" />
    </div>
  );
}
