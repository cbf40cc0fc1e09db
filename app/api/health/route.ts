import { healthResponse } from '@/lib/http/health';

export const dynamic = 'force-dynamic';

/**
 * Liveness: the process serves requests. Dependencies belong to /api/ready. The same bytes the front
 * door answers (lib/http/health.ts); a credential sent with it is ignored, not checked.
 */
export const GET = (request: Request): Response => healthResponse(request);
