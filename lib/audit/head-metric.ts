import client from 'prom-client';
import { auditHead } from './query';

const holder = globalThis as unknown as { __opsdeckAuditHeadGauge?: client.Gauge };

/**
 * `opsdeck_audit_head_seq`: the newest audit entry's seq, read at scrape time. Prometheus keeps its
 * history outside Opsdeck's database, so rows deleted from the end show as the gauge going back
 * (alert on `delta(opsdeck_audit_head_seq[1h]) < 0`); with the keyed chain they cannot be re-forged.
 */
export function registerAuditHeadMetric(registry: client.Registry): void {
  if (holder.__opsdeckAuditHeadGauge) return;
  holder.__opsdeckAuditHeadGauge = new client.Gauge({
    name: 'opsdeck_audit_head_seq',
    help: 'Sequence number of the newest audit log entry (going back means entries were deleted)',
    registers: [registry],
    collect() {
      this.set(auditHead().seq);
    },
  });
}
