import { listAudit } from '@/lib/audit/query';
import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';

// A service-limited token sees the entries of its services only; entries about no service (users,
// tokens, settings) are not its business.
export const GET = handle(ops.auditList, async ({ query, principal, visible }) => {
  const page = listAudit(query);
  if (principal?.services == null) return page;
  return { ...page, entries: page.entries.filter((e) => e.serviceId !== null && visible(e.serviceId)) };
});
