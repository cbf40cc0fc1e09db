import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { deleteChannel } from '@/lib/notifications/channels';

export const dynamic = 'force-dynamic';

export const DELETE = handle(ops.notificationChannelsDelete, async ({ params }) => {
  deleteChannel(params.id);
  return new Response(null, { status: 204 });
});
