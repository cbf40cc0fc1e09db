import { HostsView } from '@/components/hosts/hosts-view';
import { NotAllowed } from '@/components/ui/not-allowed';
import { withinServiceLimit } from '@/lib/auth/permissions';
import { listHosts } from '@/lib/hosts';
import { targetOf } from '@/lib/services';
import { requirePrincipal } from '../../_lib/auth';

export const dynamic = 'force-dynamic';

export default async function HostsPage() {
  const { principal, allowed } = await requirePrincipal('read', '/hosts');
  if (!allowed) return <NotAllowed what="the hosts" />;
  const initial = await listHosts((s) => withinServiceLimit(principal, targetOf(s)));
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-lg font-semibold">Hosts</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Every Docker engine Opsdeck watches. An unreachable one keeps its last known services, shown as
          unknown, and is retried with its own backoff (1 s to 30 s).
        </p>
      </div>
      <HostsView initial={initial} />
    </div>
  );
}
