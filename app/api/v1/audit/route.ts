import { listAudit } from '@/lib/audit/query';
import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';

export const GET = handle(ops.auditList, async ({ query }) => listAudit(query));
