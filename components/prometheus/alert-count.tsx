import Link from 'next/link';
import type { Service } from '@/lib/services/types';

/** Firing (and pending) alerts of a service, linking to the alerts page filtered to it. Nothing when none. */
export function AlertCount({ alerts, serviceId }: { alerts: Service['alerts']; serviceId: string }) {
  if (alerts.firing === 0 && alerts.pending === 0) return null;
  const label = `${alerts.firing} firing${alerts.pending ? `, ${alerts.pending} pending` : ''}`;
  return (
    <Link
      href={`/alerts?service=${encodeURIComponent(serviceId)}`}
      prefetch={false}
      aria-label={`${label}: show the alerts of this service`}
      data-testid="alert-count"
      title={label}
      className={`whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-semibold ${
        alerts.firing > 0
          ? 'bg-red-600 text-white'
          : 'bg-amber-100 text-amber-900 dark:bg-amber-500/20 dark:text-amber-300'
      }`}
    >
      {alerts.firing > 0 ? `${alerts.firing} firing` : `${alerts.pending} pending`}
    </Link>
  );
}
