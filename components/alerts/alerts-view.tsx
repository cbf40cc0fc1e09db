'use client';

import { SourceBanners } from '@/components/overview/source-banners';
import { AlertItem } from './alert-item';
import { groupAlerts } from './group-alerts';
import { SilencesList } from './silences-list';
import { useAlerts, useSilences } from './use-alerts';

/** Firing and pending alerts by service and severity, and the active silences. */
export function AlertsView({
  canOperate,
  onlyService = null,
}: {
  canOperate: boolean;
  /** from the overview row's alert count: this service's alerts only */
  onlyService?: string | null;
}) {
  const alerts = useAlerts();
  const silences = useSilences();
  const data = alerts.data;
  const prom = data?.sources.prometheus;
  const am = data?.sources.alertmanager;
  const all = data ? groupAlerts(data.alerts, data.services) : [];
  const groups = onlyService ? all.filter((g) => g.serviceId === onlyService) : all;
  const amUsable = am?.status !== 'not_configured';
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Alerts</h1>
      {onlyService ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="alerts-filter">
          Only the alerts of{' '}
          <span className="font-medium">
            {data?.services[onlyService]
              ? `${data.services[onlyService].stack}/${data.services[onlyService].name}`
              : 'one service'}
          </span>
          .{' '}
          <a href="/alerts" className="text-sky-700 underline dark:text-sky-400">
            Show all alerts
          </a>
        </p>
      ) : null}
      {alerts.error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Could not load alerts: {alerts.error.message}
        </p>
      ) : null}
      {data ? <SourceBanners sources={data.sources} /> : null}
      {prom?.status === 'not_configured' ? (
        <p
          data-testid="prometheus-not-configured"
          className="rounded-lg border border-dashed p-4 text-sm text-zinc-600 dark:text-zinc-400"
        >
          Prometheus is not configured (set PROMETHEUS_URL): alerts cannot be shown.
        </p>
      ) : null}
      {data?.configError ? (
        <p
          role="alert"
          data-testid="config-error"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-1.5 text-sm text-amber-900 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-200"
        >
          Service label overrides not applied: {data.configError}
        </p>
      ) : null}
      {data && data.warnings.length > 0 ? (
        <ul className="text-xs text-amber-800 dark:text-amber-300">
          {data.warnings.map((w) => (
            <li key={w}>Prometheus warning: {w}</li>
          ))}
        </ul>
      ) : null}
      <section aria-labelledby="alerts-h" className="space-y-4">
        <h2 id="alerts-h" className="sr-only">
          Firing and pending alerts
        </h2>
        {!data ? <p className="text-sm text-zinc-500 dark:text-zinc-400">Loading…</p> : null}
        {data && groups.length === 0 && prom?.status === 'ok' ? (
          <p data-testid="no-alerts" className="text-sm text-emerald-700 dark:text-emerald-400">
            No alerts firing or pending.
          </p>
        ) : null}
        {data && groups.length === 0 && (prom?.status === 'down' || prom?.status === 'stale') ? (
          <p data-testid="alerts-unknown" className="text-sm text-zinc-500 dark:text-zinc-400">
            Alerts unknown: Prometheus has not answered.
          </p>
        ) : null}
        {groups.map((g) => (
          <div key={g.serviceId ?? 'unmapped'} data-testid="alert-group" className="space-y-2">
            <h3 className="font-semibold">
              {g.serviceId ? (
                <a href={`/services/${g.serviceId}`} className="hover:underline">
                  {g.title}
                </a>
              ) : (
                g.title
              )}
              <span className="ml-2 text-xs font-normal text-zinc-500 dark:text-zinc-400">
                {g.firing} firing
              </span>
            </h3>
            {g.severities.map((s) => (
              <div key={s.severity} className="space-y-1.5 pl-3">
                <h4 className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
                  {s.severity}
                </h4>
                <ul className="space-y-1.5">
                  {s.alerts.map((a) => (
                    <AlertItem key={a.fingerprint} alert={a} canSilence={canOperate && amUsable} />
                  ))}
                </ul>
              </div>
            ))}
          </div>
        ))}
      </section>
      <section aria-labelledby="silences-h" className="space-y-2">
        <h2 id="silences-h" className="text-lg font-semibold">
          Silences
        </h2>
        {am?.status === 'not_configured' ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">
            Alertmanager is not configured (set ALERTMANAGER_URL).
          </p>
        ) : (
          <SilencesList silences={silences.data?.silences ?? []} canExpire={canOperate} />
        )}
        {silences.error ? (
          <p className="text-sm text-red-700 dark:text-red-400">
            Could not load silences: {silences.error.message}
          </p>
        ) : null}
      </section>
    </div>
  );
}
