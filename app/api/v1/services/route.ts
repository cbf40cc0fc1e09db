import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { listServices } from '@/lib/services';

export const dynamic = 'force-dynamic';

export const GET = handle(ops.servicesList, async () => listServices());
