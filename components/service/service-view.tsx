'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { DeployHistory } from '@/components/actions/deploy-history';
import { ServiceActions } from '@/components/actions/service-actions';
import { BackupStateSummary } from '@/components/backups/backup-state';
import { BackupsPanel } from '@/components/backups/backups-panel';
import { ScheduleForm } from '@/components/backups/schedule-form';
import { ImageUpdatePanel } from '@/components/images/image-update-panel';
import { ServiceIncidents } from '@/components/incidents/service-incidents';
import { ConnectionIndicator } from '@/components/live/connection-indicator';
import { useLiveServices } from '@/components/live/use-live-services';
import { SourceBanners } from '@/components/overview/source-banners';
import { SwarmTasks } from '@/components/swarm/swarm-tasks';
import { TerminalPanel } from '@/components/terminal/terminal-panel';
import { StatusBadge } from '@/components/ui/status-badge';
import type { ContainerInfo, SourceStatus } from '@/lib/docker/types';
import { SELF_REASON_CODE } from '@/lib/services/schemas';
import type { Service } from '@/lib/services/types';
import { ContainersTable } from './containers-table';
import { useServiceContainers } from './use-service-detail';

const severityTone = {
  critical:
    'border-red-300 bg-red-50 text-red-900 dark:border-red-500/40 dark:bg-red-500/10 dark:text-red-200',
  warning:
    'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-200',
  info: 'border-zinc-200 bg-zinc-50 text-zinc-700 dark:border-zinc-700 dark:bg-zinc-800/50 dark:text-zinc-300',
} as const;

export function ServiceView({
  initial,
  sources,
  containers,
  panels,
  canOperate,
  canRestore,
  canExec = false,
}: {
  initial: Service;
  sources: Record<string, SourceStatus>;
  containers: ContainerInfo[];
  /** server-rendered sections (metrics, logs) */
  panels?: ReactNode;
  /** what the viewer may do here: the buttons are shown only then (the API checks again) */
  canOperate: boolean;
  canRestore: boolean;
  /** the exec permission: the Terminal button (never offered on Opsdeck itself) */
  canExec?: boolean;
}) {
  const live = useLiveServices({ services: [initial], sources });
  const service = live.services.get(initial.id);
  const version = service
    ? `${service.updatedAt}|${service.status}|${service.replicas.running}|${service.replicas.healthy}`
    : 'gone';
  const detail = useServiceContainers(initial.id, version, containers);

  if (!service) {
    return (
      <p className="rounded-lg border border-dashed p-6 text-sm" data-testid="service-removed">
        This service no longer exists on the engine.{' '}
        <Link href="/" className="underline">
          Back to services
        </Link>
      </p>
    );
  }
  // Opsdeck itself: no action is offered (the API refuses them too); the reason list says why
  const itself = service.reasons.some((r) => r.code === SELF_REASON_CODE);
  const mayOperate = canOperate && !itself;
  const mayRestore = canRestore && !itself;
  const mayExec = canExec && !itself;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <p className="text-sm text-zinc-500 dark:text-zinc-400">
            <Link href="/" className="hover:underline">
              Services
            </Link>{' '}
            / {service.stack || 'standalone'}
          </p>
          <h1 className="flex flex-wrap items-center gap-3 text-2xl font-semibold">
            <span data-testid="service-name" className="break-all">
              {service.name}
            </span>
            <StatusBadge status={service.status} />
          </h1>
          <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
            {service.kind} · {service.replicas.running}/{service.replicas.desired} running ·{' '}
            {service.replicas.healthy} healthy ·{' '}
            <span className="break-all font-mono">{service.image.ref}</span>
          </p>
        </div>
        <div className="flex flex-col items-start gap-2 sm:items-end">
          <ConnectionIndicator connection={live.connection} docker={live.sources.docker} />
          <ServiceActions service={service} canOperate={mayOperate} />
        </div>
      </div>
      <SourceBanners sources={live.sources} />
      <ImageUpdatePanel service={service} canOperate={mayOperate} />
      {service.reasons.length > 0 ? (
        <ul className="space-y-1.5" aria-label="Reasons" data-testid="reasons">
          {service.reasons.map((r) => (
            <li
              key={`${r.code}-${r.message}`}
              data-code={r.code}
              className={`break-words rounded-md border px-3 py-1.5 text-sm ${severityTone[r.severity]}`}
            >
              {r.message}
            </li>
          ))}
        </ul>
      ) : null}
      {service.swarm ? <SwarmTasks swarm={service.swarm} /> : null}
      {mayExec ? <TerminalPanel containers={detail.data?.containers ?? containers} /> : null}
      {panels}
      <section aria-labelledby="deploys-h" className="space-y-2">
        <h2 id="deploys-h" className="text-lg font-semibold">
          Deploys
        </h2>
        <DeployHistory serviceId={service.id} canOperate={mayOperate} />
      </section>
      <BackupStateSummary backup={service.backup} />
      {itself ? null : <ScheduleForm serviceId={service.id} canOperate={mayOperate} />}
      <BackupsPanel serviceId={service.id} canOperate={mayOperate} canRestore={mayRestore} />
      <section aria-labelledby="containers-h" className="space-y-2">
        <h2 id="containers-h" className="text-lg font-semibold">
          Containers
        </h2>
        <ContainersTable containers={detail.data?.containers ?? []} />
      </section>
      <section aria-labelledby="timeline-h" className="space-y-2">
        <h2 id="timeline-h" className="text-lg font-semibold">
          Timeline
        </h2>
        <ServiceIncidents serviceId={initial.id} version={`${version}|${service.alerts.firing}`} />
      </section>
    </div>
  );
}
