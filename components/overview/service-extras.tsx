import { BackupAgeCell } from '@/components/backups/backup-state';
import { AlertCount } from '@/components/prometheus/alert-count';
import { QueueCell } from '@/components/prometheus/queue-cell';
import { UpBadge } from '@/components/prometheus/up-badge';
import type { Service } from '@/lib/services/types';

/** What sources add to a row: queue depth with its sparkline, firing alerts, the target's `up`, backup age. */
export function ServiceExtras({ service }: { service: Service }) {
  return (
    <>
      <QueueCell queue={service.queue} serviceId={service.id} />
      <AlertCount alerts={service.alerts} serviceId={service.id} />
      <UpBadge up={service.up} />
      <BackupAgeCell backup={service.backup} />
    </>
  );
}
