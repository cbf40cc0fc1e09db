import { defineRoute } from '@/lib/http/route';
import { getService } from '@/lib/services';
import { serviceIdParams } from '@/lib/services/schemas';

export const dynamic = 'force-dynamic';

export const GET = defineRoute(
  { name: 'services.get', permission: 'read', params: serviceIdParams },
  async ({ params }) => getService(params.id),
);
