import type { SourceStatus } from '@/lib/docker/types';
import type { Service } from '@/lib/services/types';
import type { WallService, WallSources } from './schemas';

/**
 * What one stream client may see, decided by the route from its principal: which services (a
 * service-limited token sees only its own) and whether it gets the wall's reduced projection.
 */
export interface LiveView {
  visible: (serviceId: string) => boolean;
  /** a display-only principal: only what the wall draws */
  wall: boolean;
}

export const FULL_VIEW: LiveView = { visible: () => true, wall: false };

/** Reason codes whose message may end in container-provided text (health-check output) after `: `. */
const CONTAINER_TEXT = new Set(['unhealthy']);

/** The wall's projection of a service: no labels, images, container ids or health output. */
export function wallService(s: Service): WallService {
  const first = s.reasons[0];
  const reasons = first
    ? [
        {
          code: first.code,
          severity: first.severity,
          message: CONTAINER_TEXT.has(first.code) ? (first.message.split(': ')[0] ?? '') : first.message,
        },
      ]
    : [];
  return {
    id: s.id,
    stack: s.stack,
    name: s.name,
    status: s.status,
    reasons,
    replicas: s.replicas,
    queue: s.queue,
    alerts: s.alerts,
    // the restore-test state, not the schedule (its cron comes from a label)
    backup: { ...s.backup, schedule: null },
  };
}

export function wallSources(sources: Record<string, SourceStatus>): WallSources {
  return Object.fromEntries(
    Object.entries(sources).map(([k, v]) => [k, { status: v.status, lastOkAt: v.lastOkAt }]),
  );
}

/** A service as this view receives it, or null when it may not see it. */
export function projectService(s: Service, view: LiveView): Service | WallService | null {
  if (!view.visible(s.id)) return null;
  return view.wall ? wallService(s) : s;
}

export function projectSources(
  sources: Record<string, SourceStatus>,
  view: LiveView,
): Record<string, SourceStatus> | WallSources {
  return view.wall ? wallSources(sources) : sources;
}
