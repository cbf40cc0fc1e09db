import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { encodedAnswer, listServices } from '@/lib/services';

export const dynamic = 'force-dynamic';

/** A service-limited token lists its services only (labels and health output are as secret as logs). */
export const GET = handle(ops.servicesList, async ({ visible }) => {
  const answer = await listServices();
  const services = answer.services.filter((s) => visible(s.id));
  if (services.length < answer.services.length) return { ...answer, services };
  return new Response(encodedAnswer(answer), { headers: { 'content-type': 'application/json' } });
});
