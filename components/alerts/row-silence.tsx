'use client';

import { showAsModal, useModalDialog } from '@/components/ui/use-modal-dialog';
import type { Service } from '@/lib/services/types';
import { commonMatchers } from './group-alerts';
import { SilenceForm } from './silence-form';
import { useAlerts } from './use-alerts-list';

/**
 * "Silence…" on an overview row with alerts: a dialog with the silence form, its matchers the labels
 * every alert of this service shares (the form lets them be edited). Operators only. The dialog, and
 * the alerts query it needs, exist only while it is open: a row that scrolls in asks for nothing.
 */
export function RowSilence({ service, canOperate }: { service: Service; canOperate: boolean }) {
  const dialog = useModalDialog();
  if (!canOperate || service.alerts.firing + service.alerts.pending === 0) return null;
  return (
    <>
      <button
        type="button"
        onClick={() => dialog.show(true)}
        aria-label={`Silence alerts of ${service.name}`}
        data-testid="row-silence"
        className="rounded border border-zinc-300 px-2 py-1 text-xs hover:bg-zinc-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:border-zinc-600 dark:hover:bg-zinc-800"
      >
        Silence
      </button>
      {dialog.isOpen ? (
        <dialog
          ref={showAsModal}
          onCancel={(e) => {
            e.preventDefault();
            dialog.close();
          }}
          aria-label={`Silence alerts of ${service.name}`}
          className="w-[min(36rem,92vw)] rounded-lg border border-zinc-200 bg-white p-4 text-sm text-zinc-800 shadow-xl backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
        >
          <h2 className="break-all text-base font-semibold">Silence alerts of {service.name}</h2>
          <RowSilenceForm serviceId={service.id} onDone={dialog.close} />
        </dialog>
      ) : null}
    </>
  );
}

/** The form once the service's alerts are known (its matchers are taken from them, once). */
function RowSilenceForm({ serviceId, onDone }: { serviceId: string; onDone: () => void }) {
  const alerts = useAlerts();
  if (!alerts.data) return <p className="text-zinc-500 dark:text-zinc-400">Loading the alerts…</p>;
  const mine = alerts.data.alerts.filter((a) => a.serviceId === serviceId);
  return (
    <SilenceForm
      initialMatchers={commonMatchers(mine.map((a) => a.labels))}
      serviceId={serviceId}
      onDone={onDone}
    />
  );
}
