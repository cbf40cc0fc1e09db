import { ops } from '@/lib/contract';
import { listHosts } from '@/lib/hosts';
import { handle } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const GET = handle(ops.hostsList, async ({ visible }) => listHosts((s) => visible(s.id)));
