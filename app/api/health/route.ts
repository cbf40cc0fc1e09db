import { probeOps } from '@/lib/contract';
import { handle } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Liveness: the process serves requests. Dependencies belong to /api/ready. */
export const GET = handle(probeOps.health, async () => ({ status: 'ok' }));
