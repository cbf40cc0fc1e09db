import { defineRoute } from '@/lib/http/route';
import { readiness } from '@/lib/readiness';

export const dynamic = 'force-dynamic';

/** Readiness: 200 when the store is open and Docker is reachable, else 503 with reasons. */
export const GET = defineRoute({ name: 'ready', permission: 'public' }, async () => {
  const r = await readiness();
  return Response.json(r, { status: r.ready ? 200 : 503 });
});
