import { hotRoutes } from '@/lib/http/hot-routes';

export const dynamic = 'force-dynamic';

export const GET = hotRoutes.servicesGet;
