import { hotRoutes } from '@/lib/http/hot-routes';

export const dynamic = 'force-dynamic';

/** Served by lib/http/hot-routes.ts (also the front door's): one list per change and principal class, with ETag. */
export const GET = hotRoutes.servicesList;
