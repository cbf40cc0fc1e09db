import type { DockerService } from '@/lib/docker/types';
import type { Reason } from '@/lib/health/types';
import { registerServiceSource, type ServiceContribution } from '@/lib/services/sources';
import { describeResult, prober } from './runner';

/**
 * Probes in the health model: a failing liveness probe caps the service at `down` (at `degraded`
 * while other replicas' liveness probes pass), a failing readiness probe at `degraded` (alive but not
 * ready is not healthy). Each reason names the probe, the replica where it has its own address, its
 * answer and its latency. A probe not answered yet adds nothing: it is neither green nor red.
 */
export function probeContribution(svc: DockerService): ServiceContribution {
  const p = prober();
  if (!p) return {};
  const reasons: Reason[] = [];
  let cap: ServiceContribution['cap'];
  const probes = p.probesOf(svc.id);
  for (const kind of ['live', 'ready'] as const) {
    const ofKind = probes.filter((s) => s.spec.kind === kind);
    const failing = ofKind.filter((s) => s.last && !s.last.ok);
    for (const state of failing) {
      if (!state.last) continue;
      reasons.push({
        code: `probe_${kind}_failed`,
        severity: kind === 'live' ? 'critical' : 'warning',
        message: describeResult(state, state.last),
      });
    }
    if (failing.length === 0) continue;
    const allLiveFail = kind === 'live' && failing.length === ofKind.length;
    cap = allLiveFail ? 'down' : cap === 'down' ? 'down' : 'degraded';
  }
  for (const error of p.errors.get(svc.id) ?? [])
    reasons.push({ code: 'probe_refused', severity: 'info', message: error });
  return { reasons, cap };
}

export function registerProbeSource(): void {
  registerServiceSource({ name: 'probes', contribute: probeContribution });
}
