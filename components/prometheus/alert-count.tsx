import Link from 'next/link';
import type { Service } from '@/lib/services/types';

/** Firing (and pending) alerts of a service, linking to the alerts page. Nothing when there are none. */
export function AlertCount({ alerts }: { alerts: Service['alerts'] }) {
  if (alerts.firing === 0 && alerts.pending === 0) return null;
  const label = `${alerts.firing} firing${alerts.pending ? `, ${alerts.pending} pending` : ''}`;
  return (
    <Link
      href="/alerts"
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
