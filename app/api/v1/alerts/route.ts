import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { alertsAnswer } from '@/lib/prometheus/alerts-api';

export const dynamic = 'force-dynamic';

/** Firing and pending alerts; the wall display shows them, so the display scope may read them. */
export const GET = handle(ops.alertsList, async () => alertsAnswer());
