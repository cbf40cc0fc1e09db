import { BackupAgeCell } from '@/components/backups/backup-state';
import { AlertCount } from '@/components/prometheus/alert-count';
import { QueueCell } from '@/components/prometheus/queue-cell';
import { UpBadge } from '@/components/prometheus/up-badge';
import { RowStats } from '@/components/stats/row-stats';
import type { Service } from '@/lib/services/types';

/** What sources add to a row: CPU/memory now, queue depth with its sparkline, firing alerts, the target's `up`, backup age. */
export function ServiceExtras({ service }: { service: Service }) {
  return (
    <>
      <RowStats serviceId={service.id} />
      <QueueCell queue={service.queue} serviceId={service.id} />
      <AlertCount alerts={service.alerts} serviceId={service.id} />
      <UpBadge up={service.up} />
      <BackupAgeCell backup={service.backup} />
    </>
  );
}
