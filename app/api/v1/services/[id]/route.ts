import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { describeService } from '@/lib/services';

export const dynamic = 'force-dynamic';

export const GET = handle(ops.servicesGet, async ({ service }) => describeService(service));
