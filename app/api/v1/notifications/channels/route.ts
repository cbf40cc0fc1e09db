import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { createChannel, listStoredChannels, publicChannel } from '@/lib/notifications/channels';

export const dynamic = 'force-dynamic';

export const GET = handle(ops.notificationChannelsList, async () => ({
  channels: listStoredChannels().map(publicChannel),
}));

export const POST = handle(ops.notificationChannelsCreate, async ({ body }) => createChannel(body));
