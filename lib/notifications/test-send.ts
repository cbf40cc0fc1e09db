import { getStoredChannel } from './channels';
import { notificationMetrics } from './metrics';
import { deliver } from './senders';

/** "Send test": one attempt, answered with its outcome (no retry: the admin is watching). */
export async function sendTest(id: string, actor: string) {
  const c = getStoredChannel(id);
  const d = await deliver(c, [
    {
      event: 'test',
      service: null,
      serviceId: null,
      summary: `Test notification from Opsdeck, sent by ${actor}`,
      severity: 'info',
      at: new Date().toISOString(),
    },
  ]);
  notificationMetrics()
    .sends.labels(c.type, d.ok ? 'delivered' : 'failed')
    .inc();
  return { ok: d.ok, detail: d.detail, ms: Math.round(d.ms) };
}
