import { registerAuditHeadMetric } from '@/lib/audit/head-metric';
import { registerBackupMetrics } from '@/lib/backups/metrics';
import { probeOps } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { metrics } from '@/lib/metrics/registry';

export const dynamic = 'force-dynamic';

export const GET = handle(probeOps.metrics, async () => {
  const { registry } = metrics();
  registerAuditHeadMetric(registry);
  registerBackupMetrics(registry);
  return new Response(await registry.metrics(), { headers: { 'Content-Type': registry.contentType } });
});
