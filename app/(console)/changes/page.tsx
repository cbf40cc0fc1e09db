import { ChangesView } from '@/components/incidents/changes-view';
import { NotAllowed } from '@/components/ui/not-allowed';
import { withinServiceLimit } from '@/lib/auth/permissions';
import { listServices, targetOf } from '@/lib/services';
import { requirePrincipal } from '../../_lib/auth';

export const dynamic = 'force-dynamic';

export default async function ChangesPage({ searchParams }: { searchParams: Promise<{ stack?: string }> }) {
  const { principal, allowed } = await requirePrincipal('read', '/changes');
  if (!allowed) return <NotAllowed what="what changed" />;
  const { services } = await listServices();
  const stacks = [
    ...new Set(services.filter((s) => withinServiceLimit(principal, targetOf(s))).map((s) => s.stack)),
  ].sort();
  const { stack } = await searchParams;
  return <ChangesView stacks={stacks} initialStack={stack && stacks.includes(stack) ? stack : undefined} />;
}
