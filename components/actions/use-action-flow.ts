'use client';

import { useState } from 'react';
import { ApiError } from '@/components/api-fetch';
import { newIdempotencyKey, type ServiceActionKind, useServiceAction } from './use-actions';

/** The job already running when a start was refused with 409 (its id), if the refusal names one. */
export function runningJobOf(err: unknown): string | undefined {
  const running = err instanceof ApiError ? err.details.jobId : undefined;
  return typeof running === 'string' ? running : undefined;
}

/** What a refused or failed start says in its confirmation dialog. */
export function startErrorMessage(err: unknown): string {
  return err instanceof ApiError && err.status === 409 && runningJobOf(err) !== undefined
    ? `${err.message}. Its progress is shown in the job panel.`
    : err instanceof Error
      ? err.message
      : 'The action could not be started';
}

/**
 * One confirm → start → watch flow: which dialog is open, its idempotency key (one per opening, so
 * a double submit starts one job), the refusal message, and the job shown in the drawer.
 */
export function useActionFlow(serviceId: string) {
  const [open, setOpen] = useState<{ kind: ServiceActionKind; key: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const mutation = useServiceAction(serviceId);
  return {
    open: open?.kind ?? null,
    busy: mutation.isPending,
    error,
    jobId,
    setJobId,
    ask(kind: ServiceActionKind) {
      setError(null);
      setOpen({ kind, key: newIdempotencyKey() });
    },
    cancel() {
      setOpen(null);
      setError(null);
    },
    confirm(body: Record<string, unknown>) {
      if (!open) return;
      mutation.mutate(
        { kind: open.kind, body, idempotencyKey: open.key },
        {
          onSuccess: ({ job }) => {
            setOpen(null);
            setJobId(job.id);
          },
          onError: (err) => {
            setError(startErrorMessage(err));
            const running = runningJobOf(err);
            if (running) setJobId(running);
          },
        },
      );
    },
  };
}
