import { probeOps } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { readiness } from '@/lib/readiness';

export const dynamic = 'force-dynamic';

/** Readiness: 200 when the store is open and Docker is reachable, else 503 with reasons. */
export const GET = handle(probeOps.ready, async () => {
  const r = await readiness();
  return Response.json(r, { status: r.ready ? 200 : 503 });
});
