'use client';

import { type ReactNode, useState } from 'react';
import { useModalDialog } from '@/components/ui/use-modal-dialog';
import type { Service } from '@/lib/services/types';
import { ConfirmDialog } from './confirm-dialog';
import {
  describeDeploy,
  describeRestart,
  describeRollback,
  describeScale,
  describeStopStart,
} from './describe-action';
import { JobDrawer } from './job-drawer';
import { runningJobOf, startErrorMessage } from './use-action-flow';
import { newIdempotencyKey, type ServiceActionKind, useDeploys, useServiceAction } from './use-actions';

export interface ServiceActionsProps {
  service: Service;
  /** false for viewers and the wall display: nothing is rendered */
  canOperate: boolean;
  /** the overview row's compact form: a restart button and a menu */
  compact?: boolean;
}

const button =
  'rounded border border-zinc-300 px-2.5 py-1 text-sm hover:bg-zinc-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 disabled:opacity-50 dark:border-zinc-600 dark:hover:bg-zinc-800';

const Lines = ({ lines }: { lines: string[] }) => (
  <>
    {lines.map((l) => (
      <p key={l}>{l}</p>
    ))}
  </>
);

/**
 * Restart, scale, rollback and deploy of one service, each behind a confirmation saying what happens.
 * Light until used (the overview mounts one per row as rows scroll in): the row menu's entries, the
 * confirmation (with its request and the deploy history it may need) and the job drawer are mounted
 * only while open.
 */
export function ServiceActions({ service, canOperate, compact = false }: ServiceActionsProps) {
  const dialog = useModalDialog<ServiceActionKind>();
  const [jobId, setJobId] = useState<string | null>(null);
  // what was typed stays for the next opening of the deploy dialog, as it did when it was always mounted
  const [image, setImage] = useState('');
  if (!canOperate) return null;
  const entries = () => <ActionButtons service={service} onAsk={dialog.show} />;
  return (
    <>
      {compact ? (
        <div className="flex items-center gap-1">
          <button
            type="button"
            className={button}
            onClick={() => dialog.show('restart')}
            data-testid="action-restart"
            aria-label={`Restart ${service.name}`}
          >
            ↻
          </button>
          <RowMenu label={`More actions for ${service.name}`}>{entries}</RowMenu>
        </div>
      ) : (
        <div className="flex flex-wrap items-center gap-2" data-testid="service-actions">
          {entries()}
        </div>
      )}
      {dialog.value !== null ? (
        <ActionDialog
          key={dialog.value}
          kind={dialog.value}
          service={service}
          image={image}
          onImage={setImage}
          onClose={dialog.close}
          onJob={setJobId}
        />
      ) : null}
      {jobId !== null ? <JobDrawer jobId={jobId} onClose={() => setJobId(null)} /> : null}
    </>
  );
}

/** The "⋯" menu of a row: its entries exist only while it is open. */
function RowMenu({ label, children }: { label: string; children: () => ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="relative" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className={`${button} cursor-pointer list-none`} aria-label={label}>
        ⋯
      </summary>
      {open ? (
        <div className="absolute right-0 z-30 mt-1 flex w-40 flex-col gap-1 rounded border border-zinc-200 bg-white p-2 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
          {children()}
        </div>
      ) : null}
    </details>
  );
}

function ActionButtons({ service, onAsk }: { service: Service; onAsk: (kind: ServiceActionKind) => void }) {
  // A global swarm service cannot be scaled; the API says so, the button does not guess.
  const scalable = service.kind !== 'container';
  const anyRunning = service.containers.some((c) => c.state === 'running' || c.state === 'restarting');
  return (
    <>
      <button type="button" className={button} onClick={() => onAsk('restart')} data-testid="action-restart">
        Restart
      </button>
      {scalable ? (
        <button type="button" className={button} onClick={() => onAsk('scale')} data-testid="action-scale">
          Scale…
        </button>
      ) : null}
      {service.kind !== 'container' ? (
        <button
          type="button"
          className={button}
          onClick={() => onAsk('rollback')}
          data-testid="action-rollback"
        >
          Rollback…
        </button>
      ) : null}
      {service.kind === 'compose' ? (
        <button type="button" className={button} onClick={() => onAsk('deploy')} data-testid="action-deploy">
          Deploy…
        </button>
      ) : null}
      {service.kind !== 'swarm' ? (
        anyRunning ? (
          <button type="button" className={button} onClick={() => onAsk('stop')} data-testid="action-stop">
            Stop…
          </button>
        ) : (
          <button type="button" className={button} onClick={() => onAsk('start')} data-testid="action-start">
            Start…
          </button>
        )
      ) : null}
    </>
  );
}

/**
 * One opened confirmation: its idempotency key (one per opening, so a double submit starts one
 * job), the refusal message, and the request. A started job goes to the drawer, even when the dialog
 * was cancelled while the request was on the way (the mutation's own callbacks).
 */
function ActionDialog({
  kind,
  service,
  image,
  onImage,
  onClose,
  onJob,
}: {
  kind: ServiceActionKind;
  service: Service;
  image: string;
  onImage: (image: string) => void;
  onClose: () => void;
  onJob: (jobId: string) => void;
}) {
  const [key] = useState(newIdempotencyKey);
  const [error, setError] = useState<string | null>(null);
  const [replicas, setReplicas] = useState(() =>
    service.kind === 'swarm' ? service.replicas.desired : service.containers.length,
  );
  const mutation = useServiceAction(service.id, {
    onSuccess: ({ job }) => {
      onClose();
      onJob(job.id);
    },
    onError: (err) => {
      setError(startErrorMessage(err));
      const running = runningJobOf(err);
      if (running) onJob(running);
    },
  });
  const deploys = useDeploys(service.id, kind === 'rollback' || kind === 'deploy');
  const confirm = (body: Record<string, unknown>) => mutation.mutate({ kind, body, idempotencyKey: key });
  const common = { open: true, busy: mutation.isPending, error, onCancel: onClose };
  const view = deploys.data;
  const previous = view?.deploys.find((d) => d.id === view.previousId);
  const deploysError = deploys.error instanceof Error ? deploys.error.message : null;

  switch (kind) {
    case 'restart':
      return (
        <ConfirmDialog
          {...common}
          title={`Restart ${service.name}?`}
          confirmLabel="Restart"
          onConfirm={() => confirm({})}
        >
          <Lines lines={describeRestart(service)} />
        </ConfirmDialog>
      );
    case 'scale':
      return (
        <ConfirmDialog
          {...common}
          title={`Scale ${service.name}`}
          confirmLabel={`Scale to ${replicas}`}
          confirmDisabled={!Number.isInteger(replicas) || replicas < 0}
          onConfirm={() => confirm({ replicas })}
        >
          <label className="flex items-center gap-2">
            Replicas
            <input
              type="number"
              min={0}
              step={1}
              value={Number.isNaN(replicas) ? '' : replicas}
              onChange={(e) => setReplicas(e.target.valueAsNumber)}
              data-testid="scale-input"
              className="w-24 rounded border border-zinc-300 px-2 py-1 dark:border-zinc-600 dark:bg-zinc-800"
            />
          </label>
          <Lines
            lines={
              Number.isInteger(replicas) && replicas >= 0
                ? describeScale(service, replicas)
                : ['Enter a whole number, 0 or more.']
            }
          />
        </ConfirmDialog>
      );
    case 'rollback':
      return (
        <ConfirmDialog
          {...common}
          title={`Roll back ${service.name}?`}
          confirmLabel="Roll back"
          error={error ?? deploysError}
          confirmDisabled={!view || (view.rollback.strategy !== 'swarm' && !previous)}
          onConfirm={() => confirm({})}
        >
          {!view ? (
            <p>Loading the deploy history…</p>
          ) : view.rollback.strategy !== 'swarm' && !previous ? (
            <p>
              No earlier deploy on another image is known for this service: there is nothing to roll back to.
            </p>
          ) : (
            <Lines lines={describeRollback(view, previous?.image ?? 'the previous spec')} />
          )}
        </ConfirmDialog>
      );
    case 'deploy':
      return (
        <ConfirmDialog
          {...common}
          title={`Deploy ${service.name}`}
          confirmLabel="Deploy"
          error={error ?? deploysError}
          confirmDisabled={!view || image.trim() === ''}
          onConfirm={() => confirm({ image: image.trim() })}
        >
          <label className="flex flex-col gap-1">
            Image (already on the host)
            <input
              type="text"
              value={image}
              onChange={(e) => onImage(e.target.value)}
              placeholder="name:tag"
              data-testid="deploy-image"
              className="rounded border border-zinc-300 px-2 py-1 font-mono dark:border-zinc-600 dark:bg-zinc-800"
            />
          </label>
          {view ? <Lines lines={describeDeploy(view, image.trim())} /> : <p>Loading…</p>}
        </ConfirmDialog>
      );
    case 'stop':
    case 'start':
      return (
        <ConfirmDialog
          {...common}
          title={`${kind === 'stop' ? 'Stop' : 'Start'} ${service.name}?`}
          confirmLabel={kind === 'stop' ? 'Stop' : 'Start'}
          onConfirm={() => confirm({})}
        >
          <Lines lines={describeStopStart(service, kind)} />
        </ConfirmDialog>
      );
  }
}
