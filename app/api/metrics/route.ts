import { defineRoute } from '@/lib/http/route';
import { metrics } from '@/lib/metrics/registry';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({ name: 'metrics', permission: 'public' }, async () => {
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { 'Content-Type': registry.contentType } });
});
