import Link from 'next/link';
import { notFound } from 'next/navigation';
import { LogViewer } from '@/components/logs/log-viewer';
import { NotAllowed } from '@/components/ui/not-allowed';
import { AppError } from '@/lib/errors';
import { targetsOf } from '@/lib/logs/targets';
import { getDockerService } from '@/lib/services';
import { requirePrincipal } from '../../../../_lib/auth';

export const dynamic = 'force-dynamic';

export default async function ServiceLogsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { allowed } = await requirePrincipal('read', `/services/${id}/logs`);
  if (!allowed) return <NotAllowed what="these logs" />;
  try {
    const service = await getDockerService(id);
    const replicas = [...new Set(targetsOf(service).map((t) => t.label))];
    return (
      <div className="flex flex-col gap-3">
        <div className="flex flex-wrap items-baseline gap-x-3">
          <h1 className="min-w-0 break-all text-lg font-semibold">
            Logs · {service.stack ? `${service.stack}/` : ''}
            {service.name}
          </h1>
          <Link
            href={`/services/${encodeURIComponent(id)}`}
            className="text-sm text-sky-700 hover:underline dark:text-sky-400"
          >
            back to the service
          </Link>
        </div>
        <LogViewer serviceId={id} replicas={replicas} />
      </div>
    );
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') notFound();
    throw err;
  }
}
