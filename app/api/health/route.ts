import { hotRoutes } from '@/lib/http/hot-routes';

export const dynamic = 'force-dynamic';

/** Liveness: the process serves requests. Dependencies belong to /api/ready. */
export const GET = hotRoutes.health;
