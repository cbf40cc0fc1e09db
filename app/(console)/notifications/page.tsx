import type { Metadata } from 'next';
import { ChannelsView } from '@/components/notifications/channels-view';
import { requirePrincipal } from '../../_lib/auth';

export const metadata: Metadata = { title: 'Notifications' };
export const dynamic = 'force-dynamic';

export default async function NotificationsPage() {
  const { allowed } = await requirePrincipal('admin', '/notifications');
  if (!allowed) return <p className="p-6 text-sm">Notification channels are for admins.</p>;
  return <ChannelsView />;
}
