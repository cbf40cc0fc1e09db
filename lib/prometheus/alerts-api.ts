import { parseServiceId } from '@/lib/docker/ids';
import type { SourceStatus } from '@/lib/docker/types';
import type { AlertView } from './alerts';
import { freshPrometheusSnapshot } from './refresher';

export interface AlertsAnswer {
  alerts: AlertView[];
  sources: { prometheus: SourceStatus; alertmanager: SourceStatus };
  /** Prometheus' warnings from the last refresh (partial data and the like) */
  warnings: string[];
  /** why OPSDECK_CONFIG could not be used, if it could not */
  configError: string | null;
  /** stack and name of each service an alert belongs to, for display */
  services: Record<string, { stack: string; name: string }>;
}

/**
 * Firing and pending alerts with their service and silences. When Prometheus does not answer, the
 * last known alerts come back with its status `stale` and `lastOkAt`: never an empty "no alerts".
 */
export async function alertsAnswer(): Promise<AlertsAnswer> {
  const snap = await freshPrometheusSnapshot();
  return {
    alerts: snap.alerts,
    sources: { prometheus: snap.prometheus, alertmanager: snap.alertmanager },
    warnings: snap.warnings,
    configError: snap.configError,
    services: Object.fromEntries(
      snap.alerts.flatMap((a) => {
        const parsed = a.serviceId ? parseServiceId(a.serviceId) : null;
        return a.serviceId && parsed ? [[a.serviceId, { stack: parsed.stack, name: parsed.name }]] : [];
      }),
    ),
  };
}
