'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/actions/confirm-dialog';
import { JobDrawer } from '@/components/actions/job-drawer';
import { newIdempotencyKey } from '@/components/actions/use-actions';
import { ApiError } from '@/components/api-fetch';
import { RelativeTime } from '@/components/ui/relative-time';
import { ops } from '@/lib/contract';
import { apiCall } from '@/lib/contract/client';
import type { Service } from '@/lib/services/types';
import { UpdateBadge } from './update-badge';

const button =
  'rounded border border-zinc-300 px-2.5 py-1 text-sm hover:bg-zinc-50 disabled:opacity-50 dark:border-zinc-600 dark:hover:bg-zinc-800';
const short = (d: string | null) => (d ? d.slice(0, 19) : '—');

/**
 * The service page's image line: what the last registry check said (or why it failed), "Check now",
 * and "Pull and deploy…" behind a confirmation naming the tag, the digests and the rollback.
 */
export function ImageUpdatePanel({ service, canOperate }: { service: Service; canOperate: boolean }) {
  const { image } = service;
  const [confirmKey, setConfirmKey] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const check = useMutation({
    mutationFn: () => apiCall(ops.servicesImageCheck, { params: { id: service.id } }),
    onError: (err) => setError(err instanceof Error ? err.message : 'The check could not run'),
    onSuccess: () => setError(null),
  });
  const deploy = useMutation({
    mutationFn: (key: string) =>
      apiCall(ops.servicesPullDeploy, {
        params: { id: service.id },
        body: {},
        headers: { 'Idempotency-Key': key },
      }),
    retry: false,
  });
  // the answer of "Check now" shows at once; the live list brings the same state a moment later
  const shown = check.data?.image.ref === image.ref ? check.data.image : image;
  return (
    <section
      aria-label="Image updates"
      data-testid="image-panel"
      className="flex flex-wrap items-center gap-3 rounded-md border border-zinc-200 px-3 py-2 text-sm dark:border-zinc-700"
    >
      <span className="break-all font-mono text-xs">{shown.ref}</span>
      <UpdateBadge image={shown} />
      <span className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="image-checked">
        {shown.checkedAt ? (
          <>
            checked <RelativeTime iso={shown.checkedAt} />
          </>
        ) : (
          'not checked yet'
        )}
        {shown.updateAvailable === false ? ' · up to date' : ''}
        {shown.error ? ` · check failed: ${shown.error}` : ''}
        {shown.note ? ` · ${shown.note}` : ''}
      </span>
      {canOperate ? (
        <span className="ml-auto flex gap-2">
          <button
            type="button"
            className={button}
            disabled={check.isPending}
            onClick={() => check.mutate()}
            data-testid="image-check-now"
          >
            {check.isPending ? 'Checking…' : 'Check now'}
          </button>
          {service.kind === 'compose' ? (
            <button
              type="button"
              className={button}
              onClick={() => {
                setError(null);
                setConfirmKey(newIdempotencyKey());
              }}
              data-testid="image-pull-deploy"
            >
              Pull and deploy…
            </button>
          ) : null}
        </span>
      ) : null}
      {error && !confirmKey ? <p className="w-full text-xs text-red-600">{error}</p> : null}
      <ConfirmDialog
        open={confirmKey !== null}
        title={`Pull and deploy ${service.name}?`}
        confirmLabel="Pull and deploy"
        busy={deploy.isPending}
        error={error}
        onConfirm={() => {
          if (!confirmKey) return;
          deploy.mutate(confirmKey, {
            onSuccess: ({ job }) => {
              setConfirmKey(null);
              setJobId(job.id);
            },
            onError: (err) => {
              setError(err instanceof Error ? err.message : 'The deploy could not be started');
              const running = err instanceof ApiError ? err.details.jobId : undefined;
              if (typeof running === 'string') setJobId(running);
            },
          });
        }}
        onCancel={() => {
          setConfirmKey(null);
          setError(null);
        }}
      >
        <p>
          Pulls <span className="font-mono">{shown.ref}</span> on {service.host} (registry digest{' '}
          <span className="font-mono">{short(shown.remoteDigest)}</span>, running{' '}
          <span className="font-mono">{short(shown.currentDigest)}</span>).
        </p>
        <p>
          Then each container is replaced by one on the new image, which must pass the health gate; if one
          fails, every old container is started again and the job fails.
        </p>
      </ConfirmDialog>
      <JobDrawer jobId={jobId} onClose={() => setJobId(null)} />
    </section>
  );
}
