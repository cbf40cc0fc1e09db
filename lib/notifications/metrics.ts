import client from 'prom-client';
import { metrics } from '@/lib/metrics/registry';

interface NotificationMetrics {
  sends: client.Counter<'type' | 'outcome'>;
  latency: client.Histogram<'type'>;
}

const holder = globalThis as unknown as { __opsdeckNotificationMetrics?: NotificationMetrics };

/** `opsdeck_notifications_total{type,outcome}` (delivered, failed, gave_up) and delivery latency. */
export function notificationMetrics(): NotificationMetrics {
  if (holder.__opsdeckNotificationMetrics) return holder.__opsdeckNotificationMetrics;
  const registry = metrics().registry;
  holder.__opsdeckNotificationMetrics = {
    sends:
      (registry.getSingleMetric('opsdeck_notifications_total') as NotificationMetrics['sends'] | undefined) ??
      new client.Counter({
        name: 'opsdeck_notifications_total',
        help: 'Notification send attempts by channel type and outcome (delivered, failed, gave_up)',
        labelNames: ['type', 'outcome'],
        registers: [registry],
      }),
    latency:
      (registry.getSingleMetric('opsdeck_notification_send_seconds') as
        | NotificationMetrics['latency']
        | undefined) ??
      new client.Histogram({
        name: 'opsdeck_notification_send_seconds',
        help: 'Time of one delivery attempt by channel type',
        labelNames: ['type'],
        buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        registers: [registry],
      }),
  };
  return holder.__opsdeckNotificationMetrics;
}
