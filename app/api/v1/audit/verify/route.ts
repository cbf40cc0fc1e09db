import { verifyAudit } from '@/lib/audit/query';
import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';

export const GET = handle(ops.auditVerify, async () => verifyAudit());
