'use client';

import { useState } from 'react';
import type { IncidentKind } from '@/lib/services/schemas';
import { IncidentList } from './incident-list';
import { KindFilter } from './kind-filter';
import { useServiceTimeline } from './use-incident-timeline';

/** The service page's timeline: the incident story, live, filterable by kind, older pages on demand. */
export function ServiceIncidents({ serviceId, version }: { serviceId: string; version: string }) {
  const [kinds, setKinds] = useState<IncidentKind[]>([]);
  const q = useServiceTimeline(serviceId, version, kinds);
  const events = q.data?.pages.flatMap((p) => p.events) ?? [];
  return (
    <div className="space-y-2">
      <KindFilter value={kinds} onChange={setKinds} />
      {q.error ? (
        <p className="text-sm text-red-600">Could not load the timeline: {q.error.message}</p>
      ) : null}
      <IncidentList events={events} />
      {q.hasNextPage ? (
        <button
          type="button"
          className="rounded-md border px-2 py-1 text-xs"
          disabled={q.isFetchingNextPage}
          onClick={() => void q.fetchNextPage()}
        >
          {q.isFetchingNextPage ? 'Loading…' : 'Older events'}
        </button>
      ) : null}
    </div>
  );
}
