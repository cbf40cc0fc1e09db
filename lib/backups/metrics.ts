import client from 'prom-client';
import { backupSummaries } from './catalog';

const holder = globalThis as unknown as { __opsdeckBackupGauges?: true };

/**
 * Backup state on /api/metrics, read from the catalog at scrape time (one query), per service id:
 * newest backup, newest restore test (when, passed or not, how long). Alert on
 * `time() - opsdeck_backup_last_verify_timestamp_seconds > 8 * 86400` or `opsdeck_backup_last_verify_ok == 0`.
 */
export function registerBackupMetrics(registry: client.Registry): void {
  if (holder.__opsdeckBackupGauges) return;
  holder.__opsdeckBackupGauges = true;
  const gauge = (
    name: string,
    help: string,
    value: (s: ReturnType<typeof backupSummaries>) => [string, number | null][],
  ) =>
    new client.Gauge({
      name,
      help,
      labelNames: ['service'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [service, v] of value(backupSummaries())) if (v !== null) this.set({ service }, v);
      },
    });
  const seconds = (iso: string | null | undefined) => (iso ? Date.parse(iso) / 1000 : null);
  gauge('opsdeck_backup_last_timestamp_seconds', 'Creation time of the newest backup of the service', (m) =>
    [...m].map(([id, s]) => [id, seconds(s.lastBackupAt)]),
  );
  gauge(
    'opsdeck_backup_last_verify_timestamp_seconds',
    'When the newest restore test (verify) of the service ran',
    (m) => [...m].map(([id, s]) => [id, seconds(s.lastVerify?.at)]),
  );
  gauge('opsdeck_backup_last_verify_ok', '1 when the newest restore test passed, 0 when it failed', (m) =>
    [...m].map(([id, s]) => [id, s.lastVerify ? (s.lastVerify.ok ? 1 : 0) : null]),
  );
  gauge('opsdeck_backup_last_verify_duration_seconds', 'How long the newest restore test took', (m) =>
    [...m].map(([id, s]) => [id, s.lastVerify?.ms != null ? s.lastVerify.ms / 1000 : null]),
  );
}
