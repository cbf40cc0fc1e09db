import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { expireSilence } from '@/lib/prometheus/silences';

export const dynamic = 'force-dynamic';

export const DELETE = handle(ops.silencesExpire, async ({ params }) => {
  await expireSilence(params.id);
  return new Response(null, { status: 204 });
});
