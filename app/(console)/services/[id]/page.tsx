import Link from 'next/link';
import { notFound } from 'next/navigation';
import { LogViewer } from '@/components/logs/log-viewer';
import { ServiceMetricsPanel } from '@/components/prometheus/service-metrics-panel';
import { ServiceView } from '@/components/service/service-view';
import { ServiceStatsPanel } from '@/components/stats/service-stats-panel';
import { NotAllowed } from '@/components/ui/not-allowed';
import { canExec, canOperate, canRestore } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { targetsOf } from '@/lib/logs/targets';
import { getDockerService, getService, listServices } from '@/lib/services';
import { requirePrincipal } from '../../../_lib/auth';

export const dynamic = 'force-dynamic';

export default async function ServicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { allowed, principal } = await requirePrincipal('read', `/services/${id}`);
  if (!allowed) return <NotAllowed what="this service" />;
  try {
    const [service, docker, { sources }] = await Promise.all([
      getService(id),
      getDockerService(id),
      listServices(),
    ]);
    const replicas = [...new Set(targetsOf(docker).map((t) => t.label))];
    const panels = (
      <>
        <ServiceStatsPanel serviceId={id} />
        <ServiceMetricsPanel serviceId={id} />
        <section aria-labelledby="logs-h" className="space-y-2">
          <div className="flex items-baseline gap-3">
            <h2 id="logs-h" className="text-lg font-semibold">
              Logs
            </h2>
            <Link
              href={`/services/${id}/logs`}
              className="text-sm text-sky-700 hover:underline dark:text-sky-400"
            >
              open full screen
            </Link>
          </div>
          <LogViewer serviceId={id} replicas={replicas} tail={300} heightClass="h-[40vh]" />
        </section>
      </>
    );
    const target = { id: service.id, stack: service.stack, name: service.name };
    return (
      <ServiceView
        initial={service}
        sources={sources}
        containers={docker.containers}
        panels={panels}
        canOperate={canOperate(principal, target)}
        canRestore={canRestore(principal, target)}
        canExec={canExec(principal, target)}
      />
    );
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') notFound();
    throw err;
  }
}
