'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError } from '@/components/api-fetch';
import { ops } from '@/lib/contract';
import { apiCall, operationUrl, queryKey } from '@/lib/contract/client';
import type { JobView as Job } from '@/lib/jobs/schemas';

export type ServiceActionKind = 'restart' | 'scale' | 'rollback' | 'deploy' | 'stop' | 'start';

export interface ServiceActionInput {
  kind: ServiceActionKind;
  body: Record<string, unknown>;
  /** one per confirmation: a double click or a retried request gets the same job back */
  idempotencyKey: string;
}

/** Retry server trouble once more; a 4xx is an answer, not a hiccup. */
export const retryUnless4xx = (count: number, err: unknown) =>
  !(err instanceof ApiError && err.status < 500) && count < 2;

export const newIdempotencyKey = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;

const serviceActionOps = {
  restart: ops.servicesRestart,
  scale: ops.servicesScale,
  rollback: ops.servicesRollback,
  deploy: ops.servicesDeploy,
  stop: ops.servicesStop,
  start: ops.servicesStart,
} as const;

const deploysQuery = { limit: 50 };
const deploysKey = (serviceId: string) =>
  queryKey(ops.servicesDeploys, { params: { id: serviceId }, query: deploysQuery });
const jobsQuery = (serviceId: string) => ({ serviceId, limit: 10 });
export const jobsKey = (serviceId: string) => queryKey(ops.jobsList, { query: jobsQuery(serviceId) });

function useInvalidateService(serviceId: string) {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: jobsKey(serviceId) });
    void client.invalidateQueries({ queryKey: deploysKey(serviceId) });
    void client.invalidateQueries({ queryKey: queryKey(ops.servicesEvents) });
  };
}

const startServiceAction = (serviceId: string, input: ServiceActionInput) =>
  // the dialogs build each kind's body; the server validates it against the kind's schema
  apiCall(serviceActionOps[input.kind] as typeof ops.servicesRestart, {
    params: { id: serviceId },
    body: input.body,
    headers: { 'Idempotency-Key': input.idempotencyKey },
  });

export type ServiceActionAnswer = Awaited<ReturnType<typeof startServiceAction>>;

/**
 * Starts a service action. `on`: callbacks of the mutation itself, which run even when the component
 * that started it has gone (a dialog closed while its request was on the way).
 */
export function useServiceAction(
  serviceId: string,
  on: { onSuccess?: (answer: ServiceActionAnswer) => void; onError?: (err: unknown) => void } = {},
) {
  const invalidate = useInvalidateService(serviceId);
  return useMutation({
    mutationFn: (input: ServiceActionInput) => startServiceAction(serviceId, input),
    retry: false,
    onSuccess: on.onSuccess,
    onError: on.onError,
    onSettled: invalidate,
  });
}

export function useContainerRestart(serviceId: string) {
  const invalidate = useInvalidateService(serviceId);
  return useMutation({
    mutationFn: (input: { containerId: string; idempotencyKey: string }) =>
      apiCall(ops.containersRestart, {
        params: { containerId: input.containerId },
        body: {},
        headers: { 'Idempotency-Key': input.idempotencyKey },
      }),
    retry: false,
    onSettled: invalidate,
  });
}

export function useDeploys(serviceId: string, enabled = true) {
  return useQuery({
    queryKey: deploysKey(serviceId),
    queryFn: () =>
      apiCall(ops.servicesDeploys, {
        params: { id: serviceId },
        query: deploysQuery,
      }),
    retry: retryUnless4xx,
    enabled,
  });
}

export function useServiceJobs(serviceId: string) {
  return useQuery({
    queryKey: jobsKey(serviceId),
    queryFn: () => apiCall(ops.jobsList, { query: jobsQuery(serviceId) }),
    retry: retryUnless4xx,
  });
}

const isFinished = (job: Job | null) => job !== null && job.status !== 'queued' && job.status !== 'running';

/**
 * A job as it changes, from its SSE stream; closes when the job has finished (the server ends the
 * stream then, and EventSource would otherwise reconnect). `lost` when the stream dropped mid-job.
 */
export function useJobStream(jobId: string | null): { job: Job | null; lost: boolean } {
  const [job, setJob] = useState<Job | null>(null);
  const [lost, setLost] = useState(false);
  useEffect(() => {
    setJob(null);
    setLost(false);
    if (!jobId) return;
    let latest: Job | null = null;
    const source = new EventSource(operationUrl(ops.jobsStream, { id: jobId }));
    source.addEventListener('job', (e) => {
      try {
        latest = JSON.parse((e as MessageEvent<string>).data) as Job;
        setJob(latest);
        setLost(false);
        if (isFinished(latest)) source.close();
      } catch {
        // a malformed event is skipped; the next one carries the whole job again
      }
    });
    source.onerror = () => {
      if (isFinished(latest)) source.close();
      else setLost(true);
    };
    return () => source.close();
  }, [jobId]);
  return { job, lost };
}
