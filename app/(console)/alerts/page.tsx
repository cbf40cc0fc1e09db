import { AlertsView } from '@/components/alerts/alerts-view';
import { NotAllowed } from '@/components/ui/not-allowed';
import { canOperate } from '@/lib/auth/permissions';
import { requirePrincipal } from '../../_lib/auth';

export const dynamic = 'force-dynamic';

export default async function AlertsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { principal, allowed } = await requirePrincipal('read', '/alerts');
  if (!allowed) return <NotAllowed what="the alerts" />;
  const only = (await searchParams).service;
  return (
    <AlertsView canOperate={canOperate(principal)} onlyService={typeof only === 'string' ? only : null} />
  );
}
