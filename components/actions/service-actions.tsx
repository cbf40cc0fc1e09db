'use client';

import { useState } from 'react';
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
import { useActionFlow } from './use-action-flow';
import { useDeploys } from './use-actions';

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

/** Restart, scale, rollback and deploy of one service, each behind a confirmation saying what happens. */
export function ServiceActions({ service, canOperate, compact = false }: ServiceActionsProps) {
  const flow = useActionFlow(service.id);
  const [replicas, setReplicas] = useState(service.replicas.desired);
  const [image, setImage] = useState('');
  const needsDeploys = flow.open === 'rollback' || flow.open === 'deploy';
  const deploys = useDeploys(service.id, canOperate && needsDeploys);
  if (!canOperate) return null;
  const view = deploys.data;
  const previous = view?.deploys.find((d) => d.id === view.previousId);
  // A global swarm service cannot be scaled; the API says so, the button does not guess.
  const scalable = service.kind !== 'container';
  const anyRunning = service.containers.some((c) => c.state === 'running' || c.state === 'restarting');
  const deploysError = deploys.error instanceof Error ? deploys.error.message : null;

  const buttons = (
    <>
      <button
        type="button"
        className={button}
        onClick={() => flow.ask('restart')}
        data-testid="action-restart"
      >
        Restart
      </button>
      {scalable ? (
        <button
          type="button"
          className={button}
          onClick={() => {
            setReplicas(service.kind === 'swarm' ? service.replicas.desired : service.containers.length);
            flow.ask('scale');
          }}
          data-testid="action-scale"
        >
          Scale…
        </button>
      ) : null}
      {service.kind !== 'container' ? (
        <button
          type="button"
          className={button}
          onClick={() => flow.ask('rollback')}
          data-testid="action-rollback"
        >
          Rollback…
        </button>
      ) : null}
      {service.kind === 'compose' ? (
        <button
          type="button"
          className={button}
          onClick={() => flow.ask('deploy')}
          data-testid="action-deploy"
        >
          Deploy…
        </button>
      ) : null}
      {service.kind !== 'swarm' ? (
        anyRunning ? (
          <button type="button" className={button} onClick={() => flow.ask('stop')} data-testid="action-stop">
            Stop…
          </button>
        ) : (
          <button
            type="button"
            className={button}
            onClick={() => flow.ask('start')}
            data-testid="action-start"
          >
            Start…
          </button>
        )
      ) : null}
    </>
  );

  return (
    <>
      {compact ? (
        <div className="flex items-center gap-1">
          <button
            type="button"
            className={button}
            onClick={() => flow.ask('restart')}
            data-testid="action-restart"
            aria-label={`Restart ${service.name}`}
          >
            ↻
          </button>
          <details className="relative">
            <summary
              className={`${button} cursor-pointer list-none`}
              aria-label={`More actions for ${service.name}`}
            >
              ⋯
            </summary>
            <div className="absolute right-0 z-30 mt-1 flex w-40 flex-col gap-1 rounded border border-zinc-200 bg-white p-2 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
              {buttons}
            </div>
          </details>
        </div>
      ) : (
        <div className="flex flex-wrap items-center gap-2" data-testid="service-actions">
          {buttons}
        </div>
      )}

      <ConfirmDialog
        open={flow.open === 'restart'}
        title={`Restart ${service.name}?`}
        confirmLabel="Restart"
        busy={flow.busy}
        error={flow.error}
        onConfirm={() => flow.confirm({})}
        onCancel={flow.cancel}
      >
        <Lines lines={describeRestart(service)} />
      </ConfirmDialog>

      <ConfirmDialog
        open={flow.open === 'scale'}
        title={`Scale ${service.name}`}
        confirmLabel={`Scale to ${replicas}`}
        busy={flow.busy}
        error={flow.error}
        confirmDisabled={!Number.isInteger(replicas) || replicas < 0}
        onConfirm={() => flow.confirm({ replicas })}
        onCancel={flow.cancel}
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

      <ConfirmDialog
        open={flow.open === 'rollback'}
        title={`Roll back ${service.name}?`}
        confirmLabel="Roll back"
        busy={flow.busy}
        error={flow.error ?? deploysError}
        confirmDisabled={!view || (view.rollback.strategy !== 'swarm' && !previous)}
        onConfirm={() => flow.confirm({})}
        onCancel={flow.cancel}
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

      <ConfirmDialog
        open={flow.open === 'deploy'}
        title={`Deploy ${service.name}`}
        confirmLabel="Deploy"
        busy={flow.busy}
        error={flow.error ?? deploysError}
        confirmDisabled={!view || image.trim() === ''}
        onConfirm={() => flow.confirm({ image: image.trim() })}
        onCancel={flow.cancel}
      >
        <label className="flex flex-col gap-1">
          Image (already on the host)
          <input
            type="text"
            value={image}
            onChange={(e) => setImage(e.target.value)}
            placeholder="name:tag"
            data-testid="deploy-image"
            className="rounded border border-zinc-300 px-2 py-1 font-mono dark:border-zinc-600 dark:bg-zinc-800"
          />
        </label>
        {view ? <Lines lines={describeDeploy(view, image.trim())} /> : <p>Loading…</p>}
      </ConfirmDialog>

      {(['stop', 'start'] as const).map((action) => (
        <ConfirmDialog
          key={action}
          open={flow.open === action}
          title={`${action === 'stop' ? 'Stop' : 'Start'} ${service.name}?`}
          confirmLabel={action === 'stop' ? 'Stop' : 'Start'}
          busy={flow.busy}
          error={flow.error}
          onConfirm={() => flow.confirm({})}
          onCancel={flow.cancel}
        >
          <Lines lines={describeStopStart(service, action)} />
        </ConfirmDialog>
      ))}

      <JobDrawer jobId={flow.jobId} onClose={() => flow.setJobId(null)} />
    </>
  );
}
