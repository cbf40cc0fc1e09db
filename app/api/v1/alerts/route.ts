import { defineRoute } from '@/lib/http/route';
import { alertsAnswer } from '@/lib/prometheus/alerts-api';

export const dynamic = 'force-dynamic';

/** Firing and pending alerts; the wall display shows them, so the display scope may read them. */
export const GET = defineRoute({ name: 'alerts.list', permission: 'wall' }, async () => alertsAnswer());
