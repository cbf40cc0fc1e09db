import type { HealthStatus, Reason } from '@/lib/health/types';
import type { IncidentInput } from './incidents';
import type { Service } from './types';

/** The last status recorded per service, so a transition is recorded once, across restarts too. */
export type LastStatus = Map<string, HealthStatus>;

const severityOf = { healthy: 'ok', degraded: 'warning', down: 'critical', unknown: 'warning' } as const;

function why(reasons: Reason[]): string {
  const worst = reasons.filter((r) => r.severity !== 'info');
  const shown = (worst.length ? worst : reasons).slice(0, 3).map((r) => r.message);
  return shown.join('; ');
}

/**
 * Health transitions between two looks at the service list: healthy → degraded → down → recovered,
 * each with the reasons at that moment. `unknown` (the engine unreachable) is not a transition of the
 * service: the last known status is kept, and the engine's outage is its own event.
 */
export function healthTransitions(
  last: LastStatus,
  services: readonly Service[],
  at: string,
): IncidentInput[] {
  const out: IncidentInput[] = [];
  for (const s of services) {
    if (s.status === 'unknown') continue;
    const before = last.get(s.id);
    last.set(s.id, s.status);
    if (before === s.status) continue;
    // a service first seen healthy has no story yet; first seen broken, it has
    if (before === undefined && s.status === 'healthy') continue;
    const recovered = s.status === 'healthy';
    const reasons = why(s.reasons);
    const summary = recovered
      ? `${s.stack}/${s.name} recovered (was ${before})`
      : `${s.stack}/${s.name} is ${s.status}${before ? ` (was ${before})` : ''}${reasons ? `: ${reasons}` : ''}`;
    out.push({
      serviceId: s.id,
      kind: 'health',
      summary,
      severity: severityOf[s.status],
      at,
      attributes: {
        from: before ?? null,
        to: s.status,
        reasons: s.reasons.map((r) => ({ code: r.code, severity: r.severity, message: r.message })),
        replicas: s.replicas,
      },
    });
  }
  return out;
}
