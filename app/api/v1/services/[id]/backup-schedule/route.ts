import { jobRequest } from '@/lib/backups/route-support';
import { clearSchedule, scheduleAnswer, setSchedule } from '@/lib/backups/schedule-api';
import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const GET = handle(ops.backupsScheduleGet, async ({ service }) => scheduleAnswer(service));

export const PUT = handle(ops.backupsScheduleSet, async (input) =>
  setSchedule(input.params.id, input.body, jobRequest(input).actor),
);

export const DELETE = handle(ops.backupsScheduleClear, async (input) => clearSchedule(input.params.id));
