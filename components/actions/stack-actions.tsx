'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '@/components/api-fetch';
import { ops } from '@/lib/contract';
import { apiCall, queryKey } from '@/lib/contract/client';
import { ConfirmDialog } from './confirm-dialog';
import { JobDrawer } from './job-drawer';
import { newIdempotencyKey, retryUnless4xx } from './use-actions';

type StackAction = 'stop' | 'start' | 'restart';

const stackActionOps = { stop: ops.stacksStop, start: ops.stacksStart, restart: ops.stacksRestart } as const;

const verbs: Record<StackAction, { label: string; going: string }> = {
  stop: { label: 'Stop', going: 'Every container of these services stops, dependents first:' },
  start: { label: 'Start', going: 'The services start, each healthy before the ones that depend on it:' },
  restart: {
    label: 'Restart',
    going: 'Everything stops, dependents first, then starts in dependency order:',
  },
};

/**
 * The overview's stack header menu: stop, start or restart the whole compose stack, behind a
 * confirmation that names, from the server's preview, every service and container that goes down
 * and the order. Rendered only for operators allowed on every service of the stack.
 */
export function StackActions({ stack, host }: { stack: string; host: string }) {
  // the stack of this host: another engine may hold a stack of the same name
  const query = { host };
  const [open, setOpen] = useState<{ action: StackAction; key: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const preview = useQuery({
    queryKey: queryKey(ops.stacksGet, { params: { stack }, query }),
    queryFn: () => apiCall(ops.stacksGet, { params: { stack }, query }),
    enabled: open !== null,
    retry: retryUnless4xx,
  });
  const mutation = useMutation({
    mutationFn: (input: { action: StackAction; key: string }) =>
      apiCall(stackActionOps[input.action] as typeof ops.stacksStop, {
        params: { stack },
        query,
        body: {},
        headers: { 'Idempotency-Key': input.key },
      }),
    retry: false,
  });
  const ask = (action: StackAction) => {
    setError(null);
    setOpen({ action, key: newIdempotencyKey() });
  };
  const view = preview.data;
  const verb = open ? verbs[open.action] : null;
  return (
    <>
      <details className="relative ml-auto">
        <summary
          aria-label={`Stack ${stack} actions`}
          className="cursor-pointer list-none rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-600 dark:hover:bg-zinc-800"
        >
          Stack ▾
        </summary>
        <div className="absolute right-0 z-20 mt-1 flex w-32 flex-col rounded border border-zinc-200 bg-white py-1 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
          {(Object.keys(verbs) as StackAction[]).map((action) => (
            <button
              key={action}
              type="button"
              data-testid={`stack-${action}`}
              onClick={(e) => {
                (e.currentTarget.closest('details') as HTMLDetailsElement | null)?.removeAttribute('open');
                ask(action);
              }}
              className="px-3 py-1 text-left hover:bg-zinc-100 dark:hover:bg-zinc-800"
            >
              {verbs[action].label} stack
            </button>
          ))}
        </div>
      </details>
      <ConfirmDialog
        open={open !== null}
        title={`${verb?.label ?? ''} the stack ${stack}?`}
        confirmLabel={`${verb?.label ?? ''} ${stack}`}
        busy={mutation.isPending}
        error={error ?? (preview.error instanceof Error ? preview.error.message : null)}
        confirmDisabled={!view}
        onConfirm={() => {
          if (!open) return;
          mutation.mutate(open, {
            onSuccess: ({ job }) => {
              setOpen(null);
              setJobId(job.id);
            },
            onError: (err) => {
              setError(err instanceof Error ? err.message : 'The stack action could not be started');
              const running = err instanceof ApiError ? err.details.jobId : undefined;
              if (typeof running === 'string') setJobId(running);
            },
          });
        }}
        onCancel={() => {
          setOpen(null);
          setError(null);
        }}
      >
        {!view ? (
          <p>Loading the stack…</p>
        ) : (
          <>
            <p>{verb?.going}</p>
            <ul data-testid="stack-preview" className="list-disc pl-5">
              {(open?.action === 'start' ? view.services : [...view.services].reverse()).map((s) => (
                <li key={s.id}>
                  {s.name}: {s.running} of {s.containers} container{s.containers === 1 ? '' : 's'} running
                </li>
              ))}
            </ul>
          </>
        )}
      </ConfirmDialog>
      <JobDrawer jobId={jobId} onClose={() => setJobId(null)} />
    </>
  );
}
