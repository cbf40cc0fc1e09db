import { DiskView } from '@/components/images/disk-view';
import { NotAllowed } from '@/components/ui/not-allowed';
import { canAdmin } from '@/lib/auth/permissions';
import { dockerHosts } from '@/lib/docker/client';
import { requirePrincipal } from '../../_lib/auth';

export const dynamic = 'force-dynamic';

export default async function DiskPage() {
  const { principal, allowed } = await requirePrincipal('read', '/disk');
  if (!allowed) return <NotAllowed what="disk usage" />;
  // host-wide: a token limited to some services sees none of it (the API answers 403 as well)
  if (principal.services) return <NotAllowed what="disk usage (host-wide)" />;
  return <DiskView hosts={dockerHosts().map((h) => h.name)} canPrune={canAdmin(principal)} />;
}
