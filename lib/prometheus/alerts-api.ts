import { parseServiceId } from '@/lib/docker/ids';
import { freshPrometheusSnapshot } from './refresher';
import type { AlertsAnswer } from './schemas';

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
