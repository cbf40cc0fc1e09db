'use client';

import { useState } from 'react';
import type { IncidentKind } from '@/lib/services/schemas';
import { IncidentList } from './incident-list';
import { KindFilter } from './kind-filter';
import { LoadOlder } from './load-older';
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
      <LoadOlder pages={q} label="Older events" />
    </div>
  );
}
