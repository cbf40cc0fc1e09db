import { AlertsView } from '@/components/alerts/alerts-view';
import { NotAllowed } from '@/components/ui/not-allowed';
import { canOperate } from '@/lib/auth/permissions';
import { requirePrincipal } from '../../_lib/auth';

export const dynamic = 'force-dynamic';

export default async function AlertsPage() {
  const { principal, allowed } = await requirePrincipal('read', '/alerts');
  if (!allowed) return <NotAllowed what="the alerts" />;
  return <AlertsView canOperate={canOperate(principal)} />;
}
