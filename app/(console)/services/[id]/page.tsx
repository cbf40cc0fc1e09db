import { notFound } from 'next/navigation';
import { ServiceView } from '@/components/service/service-view';
import { NotAllowed } from '@/components/ui/not-allowed';
import { AppError } from '@/lib/http/errors';
import { getDockerService, getService, listServices } from '@/lib/services';
import { requirePrincipal } from '../../../_lib/auth';

export const dynamic = 'force-dynamic';

export default async function ServicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { allowed } = await requirePrincipal('read', `/services/${id}`);
  if (!allowed) return <NotAllowed what="this service" />;
  try {
    const [service, docker, { sources }] = await Promise.all([
      getService(id),
      getDockerService(id),
      listServices(),
    ]);
    return <ServiceView initial={service} sources={sources} containers={docker.containers} />;
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') notFound();
    throw err;
  }
}
