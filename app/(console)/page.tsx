import { OverviewView } from '@/components/overview/overview-view';
import { NotAllowed } from '@/components/ui/not-allowed';
import { hostNames } from '@/lib/hosts';
import { listServices } from '@/lib/services';
import { requirePrincipal } from '../_lib/auth';

export const dynamic = 'force-dynamic';

export default async function OverviewPage() {
  const { allowed, principal } = await requirePrincipal('read', '/');
  if (!allowed) return <NotAllowed what="the services" />;
  const initial = await listServices();
  return (
    <>
      <h1 className="sr-only">Services</h1>
      <OverviewView
        initial={initial}
        hosts={hostNames()}
        viewer={{
          id: principal.id,
          name: principal.name,
          kind: principal.kind,
          scopes: principal.scopes,
          services: principal.services,
        }}
      />
    </>
  );
}
