import type { DockerService } from '@/lib/docker/types';
import type { Reason } from '@/lib/health/types';
import { registerServiceSource, type ServiceContribution } from '@/lib/services/sources';
import { describeResult, prober } from './runner';

/**
 * Probes in the health model: a failing liveness probe caps the service at `down`, a failing
 * readiness probe at `degraded` (alive but not ready is not healthy). Each reason names the probe,
 * its answer and its latency. A probe not answered yet adds nothing: it is neither green nor red.
 */
export function probeContribution(svc: DockerService): ServiceContribution {
  const p = prober();
  if (!p) return {};
  const reasons: Reason[] = [];
  let cap: ServiceContribution['cap'];
  for (const kind of ['live', 'ready'] as const) {
    const state = p.probes.get(`${svc.id}|${kind}`);
    if (!state?.last || state.last.ok) continue;
    reasons.push({
      code: `probe_${kind}_failed`,
      severity: kind === 'live' ? 'critical' : 'warning',
      message: describeResult(state, state.last),
    });
    cap = kind === 'live' ? 'down' : (cap ?? 'degraded');
  }
  for (const error of p.errors.get(svc.id) ?? [])
    reasons.push({ code: 'probe_refused', severity: 'info', message: error });
  return { reasons, cap };
}

export function registerProbeSource(): void {
  registerServiceSource({ name: 'probes', contribute: probeContribution });
}
