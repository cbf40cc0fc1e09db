import { removeStoppedContainer } from '@/lib/actions';
import { ops } from '@/lib/contract';
import { hotRoutes } from '@/lib/http/hot-routes';
import { handle } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const GET = hotRoutes.servicesGet;

export const DELETE = handle(ops.servicesRemove, async ({ params }) => removeStoppedContainer(params.id));
