import { defineRoute } from '@/lib/http/route';
import { listServices } from '@/lib/services';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({ name: 'services.list', permission: 'read' }, async () => listServices());
