import { verifyAudit } from '@/lib/audit/query';
import { defineRoute } from '@/lib/http/route';

export const GET = defineRoute({ name: 'audit.verify', permission: 'admin' }, async () => verifyAudit());
