'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { retryUnless4xx } from '@/components/actions/use-actions';
import { ops } from '@/lib/contract';
import { ApiError, apiCall, queryKey } from '@/lib/contract/client';

/**
 * The backup schedule of a service, editable by operators: cron, time zone, jitter. Saving sets a
 * console schedule (it wins over the `opsdeck.backup.schedule` label); "Use labels" removes it.
 * The server validates the cron expression and answers 400 with the reason, shown as text.
 */
export function ScheduleForm({ serviceId, canOperate }: { serviceId: string; canOperate: boolean }) {
  const key = queryKey(ops.backupsScheduleGet, { params: { id: serviceId } });
  const client = useQueryClient();
  const current = useQuery({
    queryKey: key,
    queryFn: () => apiCall(ops.backupsScheduleGet, { params: { id: serviceId } }),
    retry: retryUnless4xx,
  });
  const [draft, setDraft] = useState<{ cron: string; timezone: string; jitter: string } | null>(null);
  const save = useMutation({
    mutationFn: (body: { cron: string; timezone: string; jitter?: string } | null) =>
      body
        ? apiCall(ops.backupsScheduleSet, { params: { id: serviceId }, body })
        : apiCall(ops.backupsScheduleClear, { params: { id: serviceId } }),
    onSuccess: (answer) => {
      client.setQueryData(key, answer);
      setDraft(null);
    },
  });
  const s = current.data?.schedule ?? null;
  const form = draft ?? { cron: s?.cron ?? '', timezone: s?.timezone ?? 'UTC', jitter: '' };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      cron: form.cron,
      timezone: form.timezone,
      ...(form.jitter ? { jitter: form.jitter } : {}),
    });
  };
  const missed = current.data?.lastRuns.find((r) => r.note?.includes('missed'));
  return (
    <div className="space-y-2 text-sm" data-testid="backup-schedule">
      <p className="text-zinc-600 dark:text-zinc-400">
        {s ? (
          <>
            Scheduled <span className="font-mono">{s.cron}</span> ({s.timezone}, from{' '}
            {s.source === 'console' ? 'the console' : 'labels'})
            {s.nextAt ? <>; next {new Date(s.nextAt).toLocaleString()}</> : null}
          </>
        ) : (
          'No backup schedule.'
        )}
        {current.data?.problems.map((p) => (
          <span key={p} className="block text-amber-700 dark:text-amber-400">
            {p}
          </span>
        ))}
        {missed?.note ? (
          <span className="block text-amber-700 dark:text-amber-400">{missed.note}</span>
        ) : null}
      </p>
      {canOperate ? (
        <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
          {(['cron', 'timezone', 'jitter'] as const).map((field) => (
            <label key={field} className="flex flex-col text-xs text-zinc-600 dark:text-zinc-400">
              {field === 'jitter' ? 'jitter (e.g. 10m)' : field}
              <input
                className="rounded border border-zinc-300 px-2 py-1 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
                value={form[field]}
                placeholder={field === 'cron' ? '0 2 * * *' : ''}
                onChange={(e) => setDraft({ ...form, [field]: e.target.value })}
              />
            </label>
          ))}
          <button
            type="submit"
            className="rounded bg-sky-700 px-3 py-1 text-white disabled:opacity-50"
            disabled={save.isPending || !form.cron}
          >
            Save schedule
          </button>
          {s?.source === 'console' ? (
            <button type="button" className="rounded border px-3 py-1" onClick={() => save.mutate(null)}>
              Use labels
            </button>
          ) : null}
          {save.error ? (
            <span className="text-red-700 dark:text-red-400" role="alert">
              {save.error instanceof ApiError ? save.error.message : String(save.error)}
            </span>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}
