'use client';

import { useAlerts } from '@/components/alerts/use-alerts-list';
import { formatAge } from '@/components/ui/relative-time';

/**
 * The wall's firing alerts, with the age of their data. "No firing alerts" only when Prometheus
 * answered; otherwise it says it cannot tell.
 */
export function WallAlerts({ now }: { now: number }) {
  const { data, error, dataUpdatedAt } = useAlerts();
  const prom = data?.sources.prometheus;
  const firing = (data?.alerts ?? []).filter((a) => a.state === 'firing' && a.silencedBy.length === 0);
  let status: string;
  if (!data) status = error ? 'Alerts unavailable' : 'Loading alerts…';
  else if (prom?.status === 'not_configured') status = 'Prometheus not configured: alerts unknown';
  else if (prom?.status !== 'ok')
    status = `Prometheus unreachable since ${prom?.lastOkAt ? new Date(prom.lastOkAt).toLocaleTimeString() : 'start'}: alerts unknown`;
  else status = firing.length === 0 ? 'No firing alerts' : `${firing.length} firing`;
  const healthy = data && prom?.status === 'ok';
  return (
    <section
      aria-label="Firing alerts"
      className="rounded-2xl border-2 border-zinc-700 bg-zinc-900 p-5"
      data-testid="wall-alert-panel"
    >
      <div className="flex items-baseline justify-between">
        <h2 className={`text-2xl font-semibold ${healthy ? '' : 'text-amber-300'}`}>{status}</h2>
        <span className="text-lg text-zinc-400">
          {dataUpdatedAt ? `as of ${formatAge(now - dataUpdatedAt)} ago` : ''}
        </span>
      </div>
      {firing.length > 0 ? (
        <ul className="mt-3 space-y-2">
          {firing.slice(0, 8).map((a) => {
            const svc = a.serviceId ? data?.services[a.serviceId] : undefined;
            return (
              <li key={a.fingerprint} className="flex items-baseline gap-3 text-2xl" data-testid="wall-alert">
                <span
                  className={`rounded px-2 text-lg font-bold uppercase ${a.severity === 'critical' ? 'bg-red-600' : 'bg-amber-600'}`}
                >
                  {a.severity}
                </span>
                <span className="font-semibold">{a.name}</span>
                {svc ? (
                  <span className="text-zinc-400">{svc.stack ? `${svc.stack}/${svc.name}` : svc.name}</span>
                ) : null}
                <span className="ml-auto text-lg text-zinc-400">
                  {a.startsAt ? `since ${formatAge(now - Date.parse(a.startsAt))}` : ''}
                </span>
              </li>
            );
          })}
          {firing.length > 8 ? <li className="text-xl text-zinc-400">and {firing.length - 8} more</li> : null}
        </ul>
      ) : null}
    </section>
  );
}
