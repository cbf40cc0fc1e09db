import { logger } from '@/lib/log/logger';
import { startPrometheusRefresher, stopPrometheusRefresher } from './refresher';
import { registerPrometheusSource } from './service-source';

/** At boot: Prometheus fields and reasons on every service, kept fresh by the background refresher. */
export function startPrometheus(): void {
  registerPrometheusSource();
  startPrometheusRefresher();
  logger().info('prometheus source registered');
}

export function stopPrometheus(): void {
  stopPrometheusRefresher();
}
