'use client';

import { useState } from 'react';
import { RelativeTime } from '@/components/ui/relative-time';
import type { Deploy } from '@/lib/actions/schemas';
import { ConfirmDialog } from './confirm-dialog';
import { describeRollback } from './describe-action';
import { JobDrawer } from './job-drawer';
import { useActionFlow } from './use-action-flow';
import { useDeploys } from './use-actions';

export interface DeployHistoryProps {
  serviceId: string;
  /** false: the history without rollback buttons */
  canOperate: boolean;
}

const short = (id: string | null) => (id ? id.replace(/^sha256:/, '').slice(0, 12) : '—');

/** Every recorded deploy of a service, newest first, with a rollback button per earlier version. */
export function DeployHistory({ serviceId, canOperate }: DeployHistoryProps) {
  const deploys = useDeploys(serviceId);
  const flow = useActionFlow(serviceId);
  const [target, setTarget] = useState<Deploy | null>(null);
  const view = deploys.data;
  if (deploys.error)
    return (
      <p role="alert" className="text-sm text-red-700">
        Deploy history unavailable: {deploys.error instanceof Error ? deploys.error.message : 'error'}
      </p>
    );
  if (!view) return <p className="text-sm text-zinc-500 dark:text-zinc-400">Loading deploy history…</p>;
  if (view.deploys.length === 0)
    return <p className="text-sm text-zinc-500 dark:text-zinc-400">No deploys recorded yet.</p>;
  const swarm = view.rollback.strategy === 'swarm';
  return (
    <section aria-label="Deploy history" className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="deploy-history">
        <thead className="text-xs text-zinc-500 dark:text-zinc-400">
          <tr>
            <th className="py-1 font-medium">When</th>
            <th className="py-1 font-medium">Image</th>
            <th className="py-1 font-medium">Image ID</th>
            <th className="py-1 font-medium">Config</th>
            <th className="py-1 font-medium">By</th>
            <th className="py-1" />
          </tr>
        </thead>
        <tbody>
          {view.deploys.map((d) => {
            const current = d.imageId === view.current?.imageId && d.configHash === view.current?.configHash;
            return (
              <tr
                key={d.id}
                data-testid="deploy-row"
                data-current={current}
                className="border-t border-zinc-100 dark:border-zinc-800"
              >
                <td className="py-1 pr-2 text-xs">
                  <RelativeTime iso={d.at} />
                </td>
                <td className="max-w-[16rem] truncate py-1 pr-2 font-mono text-xs" title={d.image}>
                  {d.image}
                </td>
                <td className="py-1 pr-2 font-mono text-xs">{short(d.imageId)}</td>
                <td className="py-1 pr-2 font-mono text-xs">{short(d.configHash)}</td>
                <td className="py-1 pr-2 text-xs">{d.actor ?? 'engine'}</td>
                <td className="py-1 text-right">
                  {current ? (
                    <span className="text-xs text-emerald-700 dark:text-emerald-400">running</span>
                  ) : canOperate && !swarm && d.imageId !== view.current?.imageId ? (
                    <button
                      type="button"
                      data-testid="deploy-rollback"
                      className="rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-50 dark:border-zinc-600 dark:hover:bg-zinc-800"
                      onClick={() => {
                        setTarget(d);
                        flow.ask('rollback');
                      }}
                    >
                      Roll back to this
                    </button>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ConfirmDialog
        open={flow.open === 'rollback' && target !== null}
        title="Roll back?"
        confirmLabel="Roll back"
        busy={flow.busy}
        error={flow.error}
        onConfirm={() => target && flow.confirm({ deployId: target.id })}
        onCancel={() => {
          flow.cancel();
          setTarget(null);
        }}
      >
        {target ? describeRollback(view, target.image).map((l) => <p key={l}>{l}</p>) : null}
      </ConfirmDialog>
      <JobDrawer jobId={flow.jobId} onClose={() => flow.setJobId(null)} />
    </section>
  );
}
