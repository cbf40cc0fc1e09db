import { canRead } from '@/lib/auth/permissions';
import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { alertsAnswer } from '@/lib/prometheus/alerts-api';

export const dynamic = 'force-dynamic';

/** Firing and pending alerts; the wall display shows them, so the display scope may read them. */
export const GET = handle(ops.alertsList, async ({ principal, visible }) => {
  const all = await alertsAnswer();
  // a service-limited token sees its services' alerts only (an alert of no service: none of its own)
  const alerts = all.alerts.filter((a) => a.serviceId !== null && visible(a.serviceId));
  const limited = principal !== null && principal.services !== null;
  const answer = limited
    ? {
        ...all,
        alerts,
        services: Object.fromEntries(Object.entries(all.services).filter(([id]) => visible(id))),
      }
    : all;
  if (principal === null || canRead(principal)) return answer;
  // the wall draws name, severity, state, service and age: not labels, annotations or config errors
  return {
    ...answer,
    alerts: answer.alerts.map((a) => ({ ...a, labels: {}, annotations: {} })),
    warnings: [],
    configError: null,
  };
});
