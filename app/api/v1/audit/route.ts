import { listAudit } from '@/lib/audit/query';
import { auditQuery } from '@/lib/audit/schemas';
import { defineRoute } from '@/lib/http/route';

export const GET = defineRoute(
  { name: 'audit.list', permission: 'admin', query: auditQuery },
  async ({ query }) => listAudit(query),
);
