import type { SourceStatus } from '@/lib/docker/types';
import type { AlertView } from './alerts';
import { freshPrometheusSnapshot } from './refresher';

export interface AlertsAnswer {
  alerts: AlertView[];
  sources: { prometheus: SourceStatus; alertmanager: SourceStatus };
  /** Prometheus' warnings from the last refresh (partial data and the like) */
  warnings: string[];
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
  };
}
