import { defineRoute } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Liveness: the process serves requests. Dependencies belong to /api/ready. */
export const GET = defineRoute({ name: 'health', permission: 'public' }, async () => ({ status: 'ok' }));
