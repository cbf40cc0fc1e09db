import { AlertCount } from '@/components/prometheus/alert-count';
import { QueueCell } from '@/components/prometheus/queue-cell';
import { UpBadge } from '@/components/prometheus/up-badge';
import type { Service } from '@/lib/services/types';

/** What Prometheus adds to a row: queue depth with its sparkline, firing alerts, the target's `up`. */
export function ServiceExtras({ service }: { service: Service }) {
  return (
    <>
      <QueueCell queue={service.queue} serviceId={service.id} />
      <AlertCount alerts={service.alerts} serviceId={service.id} />
      <UpBadge up={service.up} />
    </>
  );
}
