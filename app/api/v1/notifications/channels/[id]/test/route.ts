import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { sendTest } from '@/lib/notifications/test-send';

export const dynamic = 'force-dynamic';

export const POST = handle(ops.notificationChannelsTest, async ({ params, principal }) =>
  sendTest(params.id, principal?.name ?? 'admin'),
);
