'use client';

import { useEffect, useRef, useState } from 'react';
import type { Service } from '@/lib/services/types';
import { commonMatchers } from './group-alerts';
import { SilenceForm } from './silence-form';
import { useAlerts } from './use-alerts-list';

/**
 * "Silence…" on an overview row with alerts: a dialog with the silence form, its matchers the labels
 * every alert of this service shares (the form lets them be edited). Operators only.
 */
export function RowSilence({ service, canOperate }: { service: Service; canOperate: boolean }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDialogElement>(null);
  const alerts = useAlerts();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  if (!canOperate || service.alerts.firing + service.alerts.pending === 0) return null;
  const mine = (alerts.data?.alerts ?? []).filter((a) => a.serviceId === service.id);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-label={`Silence alerts of ${service.name}`}
        data-testid="row-silence"
        className="rounded border border-zinc-300 px-2 py-1 text-xs hover:bg-zinc-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:border-zinc-600 dark:hover:bg-zinc-800"
      >
        Silence
      </button>
      <dialog
        ref={ref}
        onCancel={(e) => {
          e.preventDefault();
          setOpen(false);
        }}
        aria-label={`Silence alerts of ${service.name}`}
        className="w-[min(36rem,92vw)] rounded-lg border border-zinc-200 bg-white p-4 text-sm text-zinc-800 shadow-xl backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      >
        <h2 className="break-all text-base font-semibold">Silence alerts of {service.name}</h2>
        {open && alerts.data ? (
          <SilenceForm
            initialMatchers={commonMatchers(mine.map((a) => a.labels))}
            serviceId={service.id}
            onDone={() => setOpen(false)}
          />
        ) : open ? (
          <p className="text-zinc-500 dark:text-zinc-400">Loading the alerts…</p>
        ) : null}
      </dialog>
    </>
  );
}
